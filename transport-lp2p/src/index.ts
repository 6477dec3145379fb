/**
 * `@offgrid/transport-lp2p`: the portable part of the Local Peer-to-Peer API over the Open Screen Protocol — the
 * LP2P classes, their events and errors, the data-channel core, OSP codecs, pairing crypto and the prompt delegate
 * interface. It loads no Node module: the OSP agent, sessions, mDNS, the file trust store and the terminal are in
 * `@offgrid/transport-lp2p/node` (which also installs the Node host the LP2P classes start agents with); test rigs
 * in `@offgrid/transport-lp2p/testing`.
 */

export { AgentConnection } from './agent/agent-connection.ts';
export { ConnectionEvent, PairingEvent } from './agent/agent-events.ts';
export { type AuthCapabilities, defaultAuthCapabilities } from './agent/auth-roles.ts';
export { CloseCode } from './agent/close-codes.ts';
export type { MessageStream } from './agent/message-stream.ts';
export type { ConnectOptions, OspAgent, OspAgentOptions } from './agent/osp-agent.ts';
export type { PeerSummary, SessionTransport } from './agent/peer-summary.ts';
export * from './api/index.ts';
export * from './errors/index.ts';
export type { AgentIdentity } from './identity/index.ts';
export * from './pairing/index.ts';
export * from './platform/index.ts';
export * from './protocol/index.ts';
export { ProgrammaticPromptDelegate, PskHandoff } from './trust/programmatic-prompt-delegate.ts';
export type { EnteredPsk, PeerPrompt, PresentedPsk, PromptDelegate } from './trust/prompt-delegate.ts';
export type { KnownPeer, TrustStore } from './trust/trust-store.ts';
