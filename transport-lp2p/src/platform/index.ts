/** Session transports for OSP: the `Session` interface and an in-memory pair for tests (QUIC and TLS/TCP: `node.ts`). */

export { createIncomingQueue, type IncomingQueue } from './incoming-queue.ts';
export { pushKeepingNewest } from './keep-newest.ts';
export { MEMORY_DATAGRAM_SIZE } from './memory-datagrams.ts';
export { createMemorySessionPair } from './memory-session.ts';
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
  SessionReceiveStream,
  SessionSendStream,
  SessionStats,
  SessionStream,
} from './session.ts';
export { ABNORMAL_CLOSE_CODE, OSP_ALPN, Q2Q_ALPN } from './session.ts';
