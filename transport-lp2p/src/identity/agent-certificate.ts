import { webcrypto } from 'node:crypto';
import { InvalidIdentityParameterError } from '../errors/index.ts';
import { computeAgentHostname } from './agent-hostname.ts';
import { agentFingerprint } from './fingerprint.ts';
import { composeSerialNumber, newSerialBase } from './serial-number.ts';
import { x509 } from './x509.ts';

/** An agent's certificate, key and the names they were issued for (osp-network §Agent Certificates). */
export interface AgentIdentity {
  /** DER of the agent certificate, sent in the TLS 1.3 `Certificate` message. */
  readonly certificateDer: Uint8Array;
  readonly certificatePem: string;
  /** PKCS#8 PEM of the ECDSA P-256 private key. */
  readonly privateKeyPem: string;
  /** Agent fingerprint (osp-network §Computing the Agent Fingerprint): the `fp` TXT value, 44 characters. */
  readonly fingerprint: string;
  /** Agent hostname: subject CN and TLS `server_name`. */
  readonly hostname: string;
  /** 160-bit certificate serial number, 40 lowercase hex digits. */
  readonly serialNumber: string;
  /** The certificate serial number counter (lower 32 bits of `serialNumber`). */
  readonly counter: number;
  readonly instanceName: string;
  /** `model-name` of `agent-info`, also the issuer CN. */
  readonly modelName: string;
}

/** What a certificate is issued from: the key pair, the serial number parts and the names. */
export interface AgentCertificateParams {
  readonly keys: webcrypto.CryptoKeyPair;
  readonly serialBase: Uint8Array;
  readonly counter: number;
  readonly instanceName: string;
  readonly modelName: string;
  readonly domain?: string;
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * RFC 5280 §4.1.2.5: 99991231235959Z means "no well-defined expiration date". Agents are trusted by the
 * pinned SPKI fingerprint, not by a validity window, and rotation is explicit.
 */
const NO_EXPIRATION = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

/** Back-dating notBefore tolerates peers whose clocks run behind (offline devices often have no RTC sync). */
const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** A fresh extractable ECDSA P-256 key pair (osp-network: "256-bit ECDSA public key"). */
export async function generateAgentKeys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

/**
 * Creates a new agent identity: a fresh key pair and a self-signed certificate with serial number
 * `serialBase ‖ counter` (osp-network §Computing the Certificate Serial Number). Without `serialBase` a
 * new UUID base is drawn and the counter starts at 1 (the spec increments the initial 0 before first use).
 *
 * @example
 * const id = await createAgentIdentity({ instanceName: 'Kitchen', modelName: 'Offgrid' });
 * id.fingerprint; // e.g. 'q7Yd…=' (44 characters)
 */
export async function createAgentIdentity(options: {
  instanceName: string;
  modelName: string;
  serialBase?: Uint8Array;
  counter?: number;
  domain?: string;
}): Promise<AgentIdentity> {
  return issueAgentCertificate({
    keys: await generateAgentKeys(),
    serialBase: options.serialBase ?? newSerialBase(),
    counter: options.counter ?? 1,
    instanceName: options.instanceName,
    modelName: options.modelName,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  });
}

/** Issues the agent certificate for an existing key pair (used for rotation and name changes). */
export async function issueAgentCertificate(params: AgentCertificateParams): Promise<AgentIdentity> {
  if (params.modelName.length === 0) throw new InvalidIdentityParameterError('model name must not be empty');
  const serialNumber = composeSerialNumber(params.serialBase, params.counter);
  const hostname = computeAgentHostname(serialNumber, params.instanceName, params.domain);
  const notBefore = new Date(Math.floor((Date.now() - CLOCK_SKEW_MS) / 1000) * 1000);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: [{ CN: [hostname] }],
    issuer: [{ CN: [params.modelName] }],
    notBefore,
    notAfter: NO_EXPIRATION,
    publicKey: params.keys.publicKey,
    signingKey: params.keys.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    // RFC 5280 §4.2.1.3: conforming issuers SHOULD mark key usage critical.
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', params.keys.privateKey);
  const certificateDer = new Uint8Array(certificate.rawData);
  return {
    certificateDer,
    certificatePem: certificate.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    fingerprint: agentFingerprint(certificateDer),
    hostname,
    serialNumber,
    counter: params.counter,
    instanceName: params.instanceName,
    modelName: params.modelName,
  };
}
