/**
 * The one interface every OSP session transport implements (QUIC, TCP/TLS + HTTP/2, in-memory).
 * Layers above (agent, pairing, LP2P API) see only this, never sockets.
 */

/** One bidirectional byte stream inside a session, WebTransport-shaped. */
export interface SessionStream {
  /** Transport-assigned id, unique within the session. */
  readonly id: number;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

export interface SessionCloseInfo {
  /** Application close code (OSP uses 404 for an unknown message type key, 0 for a clean close). */
  readonly code: number;
  readonly reason: string;
  /** True when this side called `close()`. */
  readonly local: boolean;
}

export interface SessionStats {
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly streamsOpened: number;
  readonly streamsAccepted: number;
  /** Smoothed round-trip time in ms where the transport knows it. */
  readonly rttMs?: number;
}

export type SessionKind = 'quic' | 'tcp' | 'memory';

export interface Session {
  readonly kind: SessionKind;
  /** True on the side that dialled. */
  readonly isClient: boolean;
  /** DER of the peer's leaf certificate (already verified against the expected fingerprint). */
  readonly remoteCertificate: Uint8Array;
  readonly remoteAddress: { readonly address: string; readonly port: number } | undefined;
  openStream(): Promise<SessionStream>;
  /** Streams opened by the peer, in order of arrival; ends when the session closes. */
  readonly incomingStreams: ReadableStream<SessionStream>;
  /** Closes every stream and the connection with an application error code. Idempotent. */
  close(code?: number, reason?: string): Promise<void>;
  /** Resolves once, when the session has closed for any reason. Never rejects. */
  readonly closed: Promise<SessionCloseInfo>;
  stats(): SessionStats;
}
