/**
 * `@offgrid/transport-lp2p/node`: everything in the portable entry, plus Node's host pieces — the OSP agent, QUIC
 * and TLS/TCP sessions, mDNS discovery, the identity and trust stores in a state directory, the terminal prompt
 * delegate and terminal QR codes. Importing it installs Node's local peer host, so `new LP2PReceiver()` and
 * `new LP2PRequest()` start an `OspAgent` from `OFFGRID_*` variables when no manager was configured.
 */

export { instanceNameMatches, peerRecord, summarizePeer } from './agent/index.ts';
// Named, not `*`: the portable entry exports OspAgent and TrustStore as types, and a named export wins.
export { OspAgent, QuicTransportSessionEvent } from './agent/node.ts';
export * from './api/node.ts';
export * from './bridge/node.ts';
export * from './discovery/index.ts';
export * from './identity/index.ts';
export * from './index.ts';
export * from './local-https/node.ts';
export * from './pairing/node.ts';
export * from './platform/node.ts';
export { LineInput, TerminalPromptDelegate, type TerminalPromptOptions, TrustStore } from './trust/node.ts';
