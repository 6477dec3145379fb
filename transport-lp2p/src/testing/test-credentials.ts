import { webcrypto } from 'node:crypto';
import { x509 } from '../identity/index.ts';
import type { LocalCredentials } from '../platform/index.ts';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/**
 * A throwaway self-signed ECDSA P-256 certificate for tests (osp-network §Agent Certificates shape, without
 * the serial-number and hostname rules that the real agent certificate follows).
 *
 * @example
 * const server = await createTestCredentials('server');
 */
export async function createTestCredentials(name = 'offgrid-test'): Promise<LocalCredentials> {
  const keys = await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: `CN=${name}`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 24 * 3600_000),
      keys,
      signingAlgorithm: ecdsa,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    certificateDer: new Uint8Array(certificate.rawData),
  };
}
