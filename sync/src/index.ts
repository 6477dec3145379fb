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
export { GatewayError, type GatewayErrorCode } from './errors/gateway-error.ts';
export { GroupPushError, type GroupPushErrorCode, PushProtocolError } from './errors/group-push-error.ts';
export { SyncAccessError } from './errors/sync-access-error.ts';
export { SyncError } from './errors/sync-error.ts';
export { SyncProtocolError, type SyncProtocolErrorCode } from './errors/sync-protocol-error.ts';
export * from './gateway/index.ts';
export * from './group-push/index.ts';
export type { PeerAcks, SentMark, ServerStatus, Unconfirmed } from './hub/ack-tracker.ts';
export { type AwarenessLimits, defaultAwarenessLimits } from './hub/awareness-check.ts';
export {
  DocumentOpenEvent,
  LinkAttachEvent,
  StatelessEvent,
  SyncErrorEvent,
  SyncedEvent,
} from './hub/events.ts';
export type { AccessLevel, LinkRole, SyncHubOptions } from './hub/hub-context.ts';
export type { LinkDoc } from './hub/link-doc.ts';
export { SyncDocument } from './hub/sync-document.ts';
export { SyncHub } from './hub/sync-hub.ts';
export { type LinkOptions, SyncLink } from './hub/sync-link.ts';
export { createMemoryChannelPair, MemoryChannel } from './memory-channel.ts';
export {
  type AuthorizedScope,
  AuthType,
  decodeMessage,
  defaultWireLimits,
  encodeMessage,
  MessageType,
  parseAddress,
  type SyncMessage,
  type SyncMessageKind,
  SyncType,
  type WireLimits,
} from './protocol/index.ts';
