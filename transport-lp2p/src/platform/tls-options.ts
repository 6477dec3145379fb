import type { Http2Session, SecureClientSessionOptions, ServerOptions } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { LocalCredentials } from './session.ts';
import { OSP_ALPN } from './session.ts';

/**
 * TLS settings both sides of an OSP TCP session use (osp-network §TLS 1.3): TLS 1.3 only, ALPN "osp", both
 * sides present their agent certificate. CA validation is off because agent certificates are self-signed;
 * the fingerprint pin checked right after the handshake is the authentication.
 */
export function tlsOptions(credentials: LocalCredentials) {
  return {
    cert: credentials.certificatePem,
    key: credentials.privateKeyPem,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    ALPNProtocols: [OSP_ALPN],
    rejectUnauthorized: false,
  } as const;
}

/** The peer's leaf certificate in DER, or undefined when it sent none or ALPN was not "osp". */
export function verifiedPeerDer(socket: TLSSocket): Uint8Array | undefined {
  if (socket.alpnProtocol !== OSP_ALPN) return undefined;
  const raw = socket.getPeerCertificate(false)?.raw;
  return raw && raw.byteLength > 0 ? new Uint8Array(raw) : undefined;
}

/**
 * HTTP/2 windows sized for bulk transfer on a LAN: the defaults (64 KiB per stream and connection) cap
 * throughput at window/RTT. `maxSessionMemory` (MB) must cover the windows or nghttp2 refuses streams.
 */
const windowBytes = 8 * 1024 * 1024;
const connectionWindowBytes = 32 * 1024 * 1024;

export const http2SessionOptions = {
  settings: {
    enablePush: false,
    initialWindowSize: windowBytes,
    maxFrameSize: 64 * 1024,
    maxConcurrentStreams: 1000,
    maxHeaderListSize: 16 * 1024,
  },
  maxSessionMemory: 256,
  peerMaxConcurrentStreams: 1000,
} satisfies SecureClientSessionOptions & ServerOptions;

export function widenConnectionWindow(session: Http2Session): void {
  session.setLocalWindowSize(connectionWindowBytes);
}
