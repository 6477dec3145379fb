/**
 * `@offgrid/transport-lp2p`: the Local Peer-to-Peer API for Node over the Open Screen Protocol, and the OSP agent
 * underneath it. Most programs need only the LP2P classes; the agent, sessions and codecs are exported for tools
 * and for the layers above (sync, framework).
 */

export type { AgentConnection } from './agent/agent-connection.ts';
export { ConnectionEvent, PairingEvent } from './agent/agent-events.ts';
export { type AuthCapabilities, defaultAuthCapabilities } from './agent/auth-roles.ts';
export { CloseCode } from './agent/close-codes.ts';
export { type ConnectOptions, OspAgent, type OspAgentOptions } from './agent/osp-agent.ts';
export type { PeerSummary, SessionTransport } from './agent/peer-summary.ts';
export * from './api/index.ts';
export { OffgridError } from './errors/offgrid-error.ts';
export type { AgentIdentity } from './identity/index.ts';
export type { Session, SessionStream } from './platform/session.ts';
export { ProgrammaticPromptDelegate, PskHandoff } from './trust/programmatic-prompt-delegate.ts';
export type { EnteredPsk, PeerPrompt, PresentedPsk, PromptDelegate } from './trust/prompt-delegate.ts';
export { TerminalPromptDelegate } from './trust/terminal-prompt-delegate.ts';
export { type KnownPeer, TrustStore } from './trust/trust-store.ts';
