/**
 * `@offgrid/transport-lp2p`: the portable part of the Local Peer-to-Peer API over the Open Screen Protocol — the
 * LP2P classes, their events and errors, the data-channel core, OSP codecs, pairing crypto and the prompt delegate
 * interface. It loads no Node module: the OSP agent, sessions, mDNS, the file trust store and the terminal are in
 * `@offgrid/transport-lp2p/node` (which also installs the Node host the LP2P classes start agents with); test rigs
 * in `@offgrid/transport-lp2p/testing`.
 */

export {
  AgentConnection,
  type AuthCapabilities,
  CloseCode,
  ConnectionEvent,
  type ConnectOptions,
  defaultAuthCapabilities,
  type MessageStream,
  type OspAgent,
  type OspAgentOptions,
  PairingEvent,
  type PeerSummary,
  type SessionTransport,
} from './agent/index.ts';
export * from './api/index.ts';
export * from './errors/index.ts';
export type { AgentIdentity } from './identity/index.ts';
export * from './pairing/index.ts';
export {
  ABNORMAL_CLOSE_CODE,
  createMemorySessionPair,
  type DialOptions,
  type KeepAliveOptions,
  type ListenOptions,
  type LocalCredentials,
  OSP_ALPN,
  Q2Q_ALPN,
  type Session,
  type SessionCloseInfo,
  type SessionDatagrams,
  type SessionKind,
  type SessionListener,
  type SessionStats,
  type SessionStream,
} from './platform/index.ts';
export * from './protocol/index.ts';
export * from './trust/index.ts';
export type { KnownPeer, TrustStore } from './trust/node.ts';
