/**
 * TLS settings of Local HTTPS on both sides: TLS 1.3 only, like OSP (osp-network §TLS 1.3), and ALPN `http/1.1`
 * so that an HTTPS client never mistakes an OSP listener (ALPN `osp`, the same certificate) for a web server, nor
 * the other way round. CA validation stays off: agent certificates are self-signed and the pinned SPKI fingerprint
 * is the authentication (see `pinned-connect.ts`).
 */
export const LOCAL_HTTPS_ALPN = 'http/1.1';

/** What a side presents: an agent's certificate and key (an `AgentIdentity` or test credentials fit). */
export interface LocalHttpsCredentials {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export function localHttpsTlsOptions(credentials: LocalHttpsCredentials | undefined) {
  return {
    ...(credentials && { cert: credentials.certificatePem, key: credentials.privateKeyPem }),
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    ALPNProtocols: [LOCAL_HTTPS_ALPN],
  } as const;
}
