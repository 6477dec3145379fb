import type { DialOptions, ListenOptions, Session, SessionListener } from '../../platform/index.ts';
import { Q2Q_ALPN } from '../../platform/index.ts';
import { dialQuic, listenQuic } from '../../platform/node.ts';

export { Q2Q_ALPN } from '../../platform/index.ts';

/**
 * Dials a new QUIC connection for a WebTransport session with the agent certificates and ALPN "q2q"
 * (lp2p-draft-index §open a WebTransport session), with RFC 9221 datagrams enabled. The peer is pinned to `expectedFingerprint`, the
 * fingerprint authenticated for it; any other certificate fails the handshake.
 *
 * @example
 * const session = await dialQ2q({ host, port, serverName, credentials, expectedFingerprint: peer.fingerprint });
 */
export function dialQ2q(options: Omit<DialOptions, 'alpn'>): Promise<Session> {
  return dialQuic({ ...options, alpn: Q2Q_ALPN, datagrams: true });
}

/**
 * Listens for q2q sessions, with RFC 9221 datagrams enabled. `verifyPeer` is the owner's grant check, run inside the TLS handshake: only
 * peers it admits (authenticated and granted) ever produce a session; a client offering another ALPN
 * (such as "osp") fails the handshake.
 *
 * @example
 * const listener = await listenQ2q({ host, credentials, verifyPeer: (fp) => grants.has(fp) });
 */
export function listenQ2q(options: Omit<ListenOptions, 'alpn'>): Promise<SessionListener> {
  return listenQuic({ ...options, alpn: Q2Q_ALPN, datagrams: true });
}
