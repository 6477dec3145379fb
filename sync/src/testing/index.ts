/** `@offgrid/sync/testing`: fixtures and the conformance suite, for this package's tests and the transport's. */
export { countIncoming, type SyncChannelPair, type SyncChannelPairFactory } from './channel-pair.ts';
export { type EditingTrace, editingTracesDir, loadEditingTrace, type TracePatch } from './editing-traces.ts';
export { GatedChannel } from './gated-channel.ts';
export { settle } from './settle.ts';
export { describeSyncConformance } from './sync-conformance.ts';
export { wsChannelPair } from './ws-channel-pair.ts';
