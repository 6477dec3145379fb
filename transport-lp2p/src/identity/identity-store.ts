import { webcrypto } from 'node:crypto';
import { IdentityStateCorruptError, InvalidIdentityParameterError } from '../errors/index.ts';
import { type AgentIdentity, generateAgentKeys, issueAgentCertificate } from './agent-certificate.ts';
import { computeAgentHostname } from './agent-hostname.ts';
import { agentFingerprint } from './fingerprint.ts';
import { IdentityFiles } from './identity-files.ts';
import { parseCertificatePem, parseIdentityState, parsePrivateKeyPem } from './identity-state.ts';
import {
  composeSerialNumber,
  MAX_SERIAL_COUNTER,
  newSerialBase,
  parseSerialNumber,
} from './serial-number.ts';

interface Names {
  readonly instanceName: string;
  readonly modelName: string;
  readonly domain: string;
}

interface Current {
  readonly keys: webcrypto.CryptoKeyPair;
  readonly identity: AgentIdentity;
  readonly names: Names;
  readonly serialBase: Uint8Array;
}

/**
 * Keeps an agent's identity in a directory: `agent-key.pem` (PKCS#8, mode 0600), `agent-cert.pem` and
 * `agent-identity.json` (serial base, counter, names), each written atomically.
 *
 * The key outlives certificates. The spec pins agents by the SPKI fingerprint (osp-network §Computing the
 * Agent Fingerprint) and agents persist the fingerprints of authenticated peers (§Persistent State), so a
 * new certificate for the same key keeps that trust. A certificate is re-issued with the next counter
 * (§Computing the Certificate Serial Number) whenever the Instance Name, model name or domain changes,
 * because its subject CN is the agent hostname computed from them (§Computing the Agent Hostname). Calls
 * on one store run one at a time; one directory must not be shared by two processes.
 *
 * @example
 * const store = new IdentityStore('.offgrid');
 * const id = await store.load({ instanceName: 'Kitchen', modelName: 'Offgrid' });
 */
export class IdentityStore {
  readonly #files: IdentityFiles;
  #current: Current | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(stateDir: string) {
    this.#files = new IdentityFiles(stateDir);
  }

  /** Loads the identity, creating it on first use and re-issuing the certificate if the names changed. */
  load(options: { instanceName: string; modelName: string; domain?: string }): Promise<AgentIdentity> {
    const { instanceName, modelName, domain = 'local' } = options;
    return this.#serialize(() => this.#load({ instanceName, modelName, domain }));
  }

  /**
   * Issues a new certificate with the next serial number counter. The key is kept unless `newKey` is set:
   * a new key changes the fingerprint, so every peer must authenticate this agent again (for a key that
   * may be compromised, or to unlink the agent from its past).
   */
  rotate(options: { newKey?: boolean } = {}): Promise<AgentIdentity> {
    return this.#serialize(async () => {
      const current = this.#current;
      if (current === undefined) throw new InvalidIdentityParameterError('call load() before rotate()');
      const keys = options.newKey ? await generateAgentKeys() : current.keys;
      return this.#issue(
        keys,
        current.serialBase,
        current.identity.counter,
        current.names,
        options.newKey === true,
      );
    });
  }

  #serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #load(names: Names): Promise<AgentIdentity> {
    const files = this.#files;
    const { stateText, keyPem, certPem } = await files.read();
    if (keyPem === undefined) {
      if (stateText !== undefined || certPem !== undefined) {
        throw new IdentityStateCorruptError(
          files.keyPath,
          'private key is missing beside existing identity state',
        );
      }
      return this.#issue(await generateAgentKeys(), newSerialBase(), 0, names, true);
    }
    const keys = parsePrivateKeyPem(files.keyPath, keyPem);
    const state = stateText === undefined ? undefined : parseIdentityState(files.statePath, stateText);
    const cert = certPem === undefined ? undefined : parseCertificatePem(files.certPath, certPem);
    const certSerial = cert && parseSerialNumber(cert.serialNumber);

    const serialBase =
      (state && new Uint8Array(Buffer.from(state.serialBase, 'hex'))) ?? certSerial?.base ?? newSerialBase();
    let counter = state?.counter ?? 0;
    // A crash between writing the certificate and the JSON leaves the certificate ahead: never reuse a serial.
    if (certSerial && Buffer.from(certSerial.base).equals(serialBase))
      counter = Math.max(counter, certSerial.counter);

    const serialNumber = composeSerialNumber(serialBase, counter);
    const hostname = computeAgentHostname(serialNumber, names.instanceName, names.domain);
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    const upToDate =
      cert !== undefined &&
      certPem !== undefined &&
      spki.equals(new Uint8Array(cert.publicKey.rawData)) &&
      cert.serialNumber.toLowerCase().padStart(serialNumber.length, '0') === serialNumber &&
      cert.subjectName.getField('CN')[0] === hostname &&
      cert.issuerName.getField('CN')[0] === names.modelName;
    if (!upToDate) return this.#issue(keys, serialBase, counter, names, false);

    const certificateDer = new Uint8Array(cert.rawData);
    const identity: AgentIdentity = {
      certificateDer,
      certificatePem: certPem,
      privateKeyPem: keyPem,
      fingerprint: agentFingerprint(certificateDer),
      hostname,
      serialNumber,
      counter,
      instanceName: names.instanceName,
      modelName: names.modelName,
    };
    if (state?.counter !== counter) await this.#writeState(serialBase, counter, names);
    this.#current = { keys, identity, names, serialBase };
    return identity;
  }

  /** Issues the certificate after `counter`, then writes key (if new), certificate and state, in that order. */
  async #issue(
    keys: webcrypto.CryptoKeyPair,
    base: Uint8Array,
    counter: number,
    names: Names,
    newKey: boolean,
  ) {
    // The spec's counter is 32 bits; past it, start a new base rather than repeat a serial number.
    const [serialBase, next] = counter >= MAX_SERIAL_COUNTER ? [newSerialBase(), 1] : [base, counter + 1];
    const identity = await issueAgentCertificate({ keys, serialBase, counter: next, ...names });
    if (newKey) await this.#files.writeKey(identity.privateKeyPem);
    await this.#files.writeCertificate(identity.certificatePem);
    await this.#writeState(serialBase, next, names);
    this.#current = { keys, identity, names, serialBase };
    return identity;
  }

  #writeState(serialBase: Uint8Array, counter: number, names: Names): Promise<void> {
    return this.#files.writeState({
      version: 1,
      serialBase: Buffer.from(serialBase).toString('hex'),
      counter,
      ...names,
    });
  }
}
