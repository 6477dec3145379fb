import type { webcrypto } from 'node:crypto';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { IdentityStateCorruptError } from '../errors/index.ts';
import { MAX_SERIAL_COUNTER, SERIAL_BASE_BYTES } from './serial-number.ts';
import { x509 } from './x509.ts';

/** The small JSON file beside the key and certificate: what the next certificate is issued from. */
export interface IdentityStateFile {
  readonly version: 1;
  /** Certificate serial number base, 32 hex digits. */
  readonly serialBase: string;
  /** Counter of the current certificate. */
  readonly counter: number;
  readonly instanceName: string;
  readonly modelName: string;
  readonly domain: string;
}

export function formatIdentityState(state: IdentityStateFile): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Parses and range-checks the state JSON; anything unexpected is corruption, not a default. */
export function parseIdentityState(path: string, text: string): IdentityStateFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IdentityStateCorruptError(path, 'not valid JSON', { cause: error });
  }
  const v = value as Partial<Record<keyof IdentityStateFile, unknown>> | null;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.serialBase === 'string' &&
    new RegExp(`^[0-9a-f]{${SERIAL_BASE_BYTES * 2}}$`).test(v.serialBase) &&
    Number.isInteger(v.counter) &&
    (v.counter as number) >= 0 &&
    (v.counter as number) <= MAX_SERIAL_COUNTER &&
    typeof v.instanceName === 'string' &&
    typeof v.modelName === 'string' &&
    typeof v.domain === 'string';
  if (!ok) throw new IdentityStateCorruptError(path, 'unexpected identity state fields or values');
  return v as IdentityStateFile;
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** Imports the PKCS#8 PEM private key and derives its public key; it must be an ECDSA P-256 key. */
export function parsePrivateKeyPem(path: string, pem: string): webcrypto.CryptoKeyPair {
  try {
    const privateKey = createPrivateKey({ key: pem, format: 'pem' });
    if (
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new IdentityStateCorruptError(path, 'private key is not an ECDSA P-256 key');
    }
    return {
      privateKey: privateKey.toCryptoKey(P256, true, ['sign']),
      publicKey: createPublicKey(privateKey).toCryptoKey(P256, true, ['verify']),
    };
  } catch (error) {
    if (error instanceof IdentityStateCorruptError) throw error;
    throw new IdentityStateCorruptError(path, 'private key is not a readable PKCS#8 PEM', { cause: error });
  }
}

export function parseCertificatePem(path: string, pem: string): x509.X509Certificate {
  try {
    return new x509.X509Certificate(pem);
  } catch (error) {
    throw new IdentityStateCorruptError(path, 'certificate is not a readable PEM X.509 certificate', {
      cause: error,
    });
  }
}
