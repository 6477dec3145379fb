import type { Session } from '../../platform/index.ts';

/**
 * Where an `LP2PQuicTransport` gets its q2q session. `LP2PRequest`, `LP2PReceiver` and `LP2PConnection`
 * implement it (lp2p-draft-index §LP2PQuicTransport, §LP2PQuicTransport Interface Extensions): a request
 * starts itself if needed and dials the granted peer with `dialQ2q`; a connection reuses its grants and its
 * peer's address and fingerprint, the side that dialled the OSP connection dialling the q2q one and the
 * other side taking the next q2q session that peer opens; a receiver takes the next q2q session from any
 * peer it granted.
 */
export interface QuicTransportSource {
  /** Resolves with an authenticated q2q session; gives up, rejecting, when `signal` aborts. */
  openQuicTransportSession(options: { readonly signal: AbortSignal }): Promise<Session>;
}

/**
 * Where an `LP2PQuicTransportListener` gets q2q sessions (lp2p-draft-index §LP2PQuicTransportListener):
 * an `LP2PRequest` or `LP2PReceiver`, started if needed, whose `listenQ2q` listener admits only the peers
 * it authenticated and granted.
 */
export interface QuicTransportListenerSource {
  /**
   * Resolves, once listening, with the q2q sessions of admitted peers. Cancelling the stream stops the
   * listening; sessions already handed out stay open. Gives up, rejecting, when `signal` aborts.
   */
  listenQuicTransportSessions(options: { readonly signal: AbortSignal }): Promise<ReadableStream<Session>>;
}

export function isQuicTransportSource(value: unknown): value is QuicTransportSource {
  return typeof (value as QuicTransportSource | null)?.openQuicTransportSession === 'function';
}

export function isQuicTransportListenerSource(value: unknown): value is QuicTransportListenerSource {
  return typeof (value as QuicTransportListenerSource | null)?.listenQuicTransportSessions === 'function';
}
