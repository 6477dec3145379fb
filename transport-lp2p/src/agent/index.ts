/**
 * The OSP agent's portable parts: connections over any `Session`, their events and close codes, message streams,
 * auth roles and peer summaries. `OspAgent` itself (sockets, mDNS, state directory) is behind `node.ts`.
 */
export { AgentConnection, type AgentConnectionOptions, type StreamHandler } from './agent-connection.ts';
export { ConnectionEvent, PairingEvent } from './agent-events.ts';
export { type AuthCapabilities, defaultAuthCapabilities } from './auth-roles.ts';
export { CloseCode } from './close-codes.ts';
export { MessageStream } from './message-stream.ts';
export type { ConnectOptions, OspAgent, OspAgentOptions, QuicTransportSessionEvent } from './osp-agent.ts';
export {
  instanceNameMatches,
  type PeerSummary,
  peerRecord,
  type SessionTransport,
  summarizePeer,
} from './peer-summary.ts';
