/**
 * `@offgrid/transport-lp2p/node`: everything in the portable entry, plus Node's host pieces — the OSP agent, QUIC
 * and TLS/TCP sessions, mDNS discovery, the identity and trust stores in a state directory, the terminal prompt
 * delegate and terminal QR codes. Importing it installs Node's local peer host, so `new LP2PReceiver()` and
 * `new LP2PRequest()` start an `OspAgent` from `OFFGRID_*` variables when no manager was configured.
 */
import './api/node-host.ts';

export { OspAgent, QuicTransportSessionEvent } from './agent/osp-agent.ts';
export { instanceNameMatches, peerRecord, summarizePeer } from './agent/peer-summary.ts';
export { dialQ2q, listenQ2q } from './api/quic-transport/node.ts';
export * from './discovery/index.ts';
export * from './identity/index.ts';
export * from './index.ts';
export * from './pairing/node.ts';
export * from './platform/node.ts';
export { TerminalPromptDelegate } from './trust/terminal-prompt-delegate.ts';
export { TrustStore } from './trust/trust-store.ts';
