/** Ephemeral group push: one call sends a message or a file to a group of peers, who share it among themselves. */
export type { WholeHash } from './chunk-hash.ts';
export { GROUP_PUSH_CHANNEL_LABEL, GroupPush } from './group-push.ts';
export {
  defaultPushLimits,
  MAX_CHUNK_BYTES,
  MIN_CHUNK_BYTES,
  type PushLimits,
} from './push-limits.ts';
export type { PushManifest } from './push-manifest.ts';
export type { PushContent } from './push-source.ts';
export { MemoryPushStore, type PushStore, type TransferChunks, type TransferShape } from './push-store.ts';
export type {
  GroupPushOptions,
  PeerProgress,
  PeerResult,
  PeerStatus,
  PushDecision,
  PushOffer,
  PushOptions,
  PushProgress,
  PushResult,
  ReceivedPush,
  ReceiveProgress,
} from './push-types.ts';
