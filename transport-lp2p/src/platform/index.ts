/** Session transports for OSP: QUIC, TLS 1.3 + HTTP/2 over TCP, and an in-memory pair for tests. */
export { createMemorySessionPair } from './memory-session.ts';
export { dialQuic } from './quic-dial.ts';
export { listenQuic } from './quic-listen.ts';
export type {
  DialOptions,
  KeepAliveOptions,
  ListenOptions,
  LocalCredentials,
  Session,
  SessionCloseInfo,
  SessionDatagrams,
  SessionKind,
  SessionListener,
  SessionStats,
  SessionStream,
} from './session.ts';
export { ABNORMAL_CLOSE_CODE, OSP_ALPN, Q2Q_ALPN } from './session.ts';
export { dialTcp } from './tcp-dial.ts';
export { listenTcp } from './tcp-listen.ts';
export { sharedTlsSessions, TlsSessionCache } from './tls-session-cache.ts';
