/**
 * `@offgrid/sync`: Yjs documents, presence and group push over any {@link SyncChannel}. Portable: no Node
 * built-ins, no transport; the channel is passed in.
 */
export {
  type ChannelEvent,
  isChannelClosed,
  isChannelOpen,
  messageData,
  type SyncChannel,
} from './channel.ts';
export { GroupPushError, type GroupPushErrorCode, PushProtocolError } from './errors/group-push-error.ts';
export { SyncError } from './errors/sync-error.ts';
export * from './group-push/index.ts';
export { createMemoryChannelPair, MemoryChannel } from './memory-channel.ts';
