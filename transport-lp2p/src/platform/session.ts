import type { HandshakeLimits } from './handshake-limits.ts';

/**
 * The one interface every OSP session transport implements (QUIC, TCP/TLS + HTTP/2, in-memory).
 * Layers above (agent, pairing, LP2P API) see only this, never sockets.
 */

/** One bidirectional byte stream inside a session, WebTransport-shaped. */
export interface SessionStream {
  /** Transport-assigned id, unique within the session. */
  readonly id: number;
  readonly readable: ReadableStream<Uint8Array>;
  /**
   * Bytes to the peer. A written chunk belongs to the transport until its write resolves: do not mutate it
   * before then (the TCP transport hands it to nghttp2 without copying). Once resolved, the transport keeps no
   * reference to it, so the writer may reuse the buffer.
   */
  readonly writable: WritableStream<Uint8Array>;
}

/**
 * The sending half of a unidirectional stream (osp-network §Messages: "the OSP agent must write into a
 * unidirectional QUIC stream"). The peer gets it as a `SessionReceiveStream` with the same id.
 */
export interface SessionSendStream {
  /** Transport-assigned id, unique within the session. */
  readonly id: number;
  /** Bytes to the peer; the same chunk-ownership rule as `SessionStream.writable`. */
  readonly writable: WritableStream<Uint8Array>;
}

/** The receiving half of a unidirectional stream the peer opened. */
export interface SessionReceiveStream {
  readonly id: number;
  readonly readable: ReadableStream<Uint8Array>;
}

export interface SessionCloseInfo {
  /**
   * Application close code (OSP uses 404 for an unknown message type key, 0 for a clean close), or
   * `ABNORMAL_CLOSE_CODE` when the connection ended without one.
   */
  readonly code: number;
  readonly reason: string;
  /** True when this side ended the session: `close()`, or its own idle timeout or transport error. */
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
  /** Opens a bidirectional stream. */
  openStream(): Promise<SessionStream>;
  /** Bidirectional streams opened by the peer, in order of arrival; ends when the session closes. */
  readonly incomingStreams: ReadableStream<SessionStream>;
  /**
   * Opens a unidirectional stream to the peer: QUIC's own on QUIC; on TLS/TCP an HTTP/2 stream whose return
   * half the receiver closes at once.
   * @throws SessionError 'closed' once the session is closed, 'stream-limit' when the peer grants no more.
   */
  openUnidirectionalStream(): Promise<SessionSendStream>;
  /** Unidirectional streams opened by the peer, in order of arrival; ends when the session closes. */
  readonly incomingUnidirectionalStreams: ReadableStream<SessionReceiveStream>;
  /**
   * Closes every stream and the connection with an application error code (0..2^32-1, else a SessionError
   * 'invalid-argument') and a reason the peer sees. Idempotent: later calls resolve without effect.
   */
  close(code?: number, reason?: string): Promise<void>;
  /** Resolves once, when the session has closed for any reason. Never rejects. */
  readonly closed: Promise<SessionCloseInfo>;
  stats(): SessionStats;
  /** Unreliable datagrams, where the transport has them and the session was opened with `datagrams: true`. */
  readonly datagrams?: SessionDatagrams;
}

/**
 * Unreliable, unordered datagrams on a session: QUIC DATAGRAM frames (RFC 9221), or their in-memory
 * stand-in. A datagram is sent whole or not at all; none is retransmitted.
 */
export interface SessionDatagrams {
  /** The largest payload `send` takes now; 0 while none can be sent (e.g. the peer did not enable them). */
  readonly maxSize: number;
  /**
   * Queues a copy of `payload` to send. While more than `maxQueued` (at least 1) wait unsent, the oldest are
   * dropped. Returns how many datagrams were dropped, `payload` included when it is over `maxSize` or the
   * session is closed. Never throws, never waits.
   */
  send(payload: Uint8Array, maxQueued: number): number;
  /** Called with each datagram from the peer as it arrives; the payload is the receiver's to keep. */
  ondatagram: ((payload: Uint8Array) => void) | undefined;
}

/** This agent's certificate and key (osp-network §Agent Certificates: ECDSA P-256, self-signed). */
export interface LocalCredentials {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly certificateDer: Uint8Array;
}

/** How to reach and authenticate a listening agent. */
export interface DialOptions extends KeepAliveOptions {
  readonly host: string;
  readonly port: number;
  /** TLS SNI: the peer's agent hostname (osp-network §TLS 1.3). */
  readonly serverName: string;
  readonly credentials: LocalCredentials;
  /** The peer's agent fingerprint (the mDNS `fp` TXT record); the pin that authenticates it. */
  readonly expectedFingerprint: string;
  readonly signal?: AbortSignal;
  /** Handshake deadline; 10 s by default. */
  readonly timeoutMs?: number;
  /**
   * TLS ALPN protocol id to offer; `OSP_ALPN` by default. The LP2P draft's WebTransport sessions use "q2q"
   * (lp2p-draft-index §open a WebTransport session). QUIC only: the TCP transport always speaks "osp".
   */
  readonly alpn?: string;
  /** Enables QUIC DATAGRAM frames (RFC 9221), exposed as `Session.datagrams`. QUIC only. */
  readonly datagrams?: boolean;
}

export interface ListenOptions extends KeepAliveOptions, HandshakeLimits {
  readonly host: string;
  /** 0 or absent picks a free port. */
  readonly port?: number;
  readonly credentials: LocalCredentials;
  /** Decides, from the client's certificate, whether to admit it; false closes the connection. */
  readonly verifyPeer: (fingerprint: string, certificateDer: Uint8Array) => boolean;
  /**
   * The one TLS ALPN protocol id accepted; a client offering another fails the handshake. `OSP_ALPN` by
   * default; "q2q" for LP2P WebTransport (lp2p-draft-index §open a WebTransport session). QUIC only: the
   * TCP transport always speaks "osp".
   */
  readonly alpn?: string;
  /** Enables QUIC DATAGRAM frames (RFC 9221), exposed as `Session.datagrams`. QUIC only. */
  readonly datagrams?: boolean;
}

export interface SessionListener {
  readonly port: number;
  /** Authenticated sessions, in order of arrival; ends when the listener closes. */
  readonly incomingSessions: ReadableStream<Session>;
  /** Stops accepting and closes every session it accepted. */
  close(): Promise<void>;
}

/** ALPN protocol id for OSP (osp-network §TLS 1.3). */
export const OSP_ALPN = 'osp';

/** ALPN protocol id for LP2P WebTransport sessions (lp2p-draft-index §WebTransport extension). */
export const Q2Q_ALPN = 'q2q';

/**
 * `SessionCloseInfo.code` when the connection ended without an application close (reset, idle timeout,
 * handshake or transport error). Negative, so it can never collide with a code sent on the wire.
 */
export const ABNORMAL_CLOSE_CODE = -1;

/** Liveness knobs shared by the network sessions. */
export interface KeepAliveOptions {
  /** Interval of keep-alive pings (osp-network §Agent Certificates: "keep the QUIC connection alive"); 5 s. */
  readonly keepAliveMs?: number;
  /** The session closes abnormally after this long without hearing from the peer; 30 s. */
  readonly idleTimeoutMs?: number;
}
