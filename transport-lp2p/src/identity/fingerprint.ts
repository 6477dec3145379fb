import { createHash, X509Certificate } from 'node:crypto';

/**
 * OSP agent fingerprint (osp-network §Agent Fingerprint): base64 of SHA-256 over the certificate's
 * SubjectPublicKeyInfo, 44 characters.
 */
export function agentFingerprint(certificateDer: Uint8Array): string {
  const spki = new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Constant-shape check that a string looks like an agent fingerprint (base64 of 32 bytes). */
export function isAgentFingerprint(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value);
}
