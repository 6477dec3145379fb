export { BoundedReader } from './bounded-reader.ts';
export { decodeMessage } from './decode-message.ts';
export { encodeMessage } from './encode-message.ts';
export { defaultWireLimits, maxVarUintBytes, type WireLimits } from './limits.ts';
export { type AuthorizedScope, AuthType, MessageType, SyncType } from './message-type.ts';
export { parseAddress, type SyncMessage, type SyncMessageKind } from './sync-message.ts';
