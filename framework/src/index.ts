/**
 * `@offgrid/framework`: the API app developers use. Portable (no Node built-ins): the browser store is here,
 * the Node one in `@offgrid/framework/node`.
 */

export * from './blobs/index.ts';
export { AgentBlobs, type AgentBlobsOptions } from './browser/agent-blobs.ts';
export {
  type AgentInfo,
  AgentLink,
  type AgentLinkOptions,
  SYNC_PROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  type TokenStore,
} from './browser/agent-link.ts';
export { AgentSocketChannel } from './browser/agent-socket-channel.ts';
export { appBlobs } from './browser/app-blobs.ts';
export { type BlobOutbox, IndexedDbBlobOutbox, MemoryBlobOutbox } from './browser/blob-outbox.ts';
export { IndexedDbDocumentStore } from './browser/indexeddb-store.ts';
export { nearbyShare, openAppWorkspace } from './browser/open-app-workspace.ts';
export { PageShare, type PageSharePeer, type RelayLink } from './browser/page-share.ts';
export { PageShareError } from './browser/page-share-error.ts';
export * from './invite/index.ts';
export * from './share/index.ts';
export {
  type AgentMessage,
  decodeAgentMessage,
  decodePageRequest,
  encodeRelay,
  MAX_RELAY_FRAME,
  MAX_RELAY_PART,
  type PageRequest,
  type RelayPeer,
  SHARE_RELAY_TYPE,
  ShareRelayError,
} from './share/relay-protocol.ts';
export {
  type DocumentStore,
  type StoredUpdates,
  StoreError,
  type StoreErrorCode,
} from './store/document-store.ts';
export { MemoryDocumentStore } from './store/memory-store.ts';
export { compactDocument, mergeStored } from './store/merge-stored.ts';
export { PackedUpdates } from './store/packed-updates.ts';
export {
  AGENT_STATUS_TYPE,
  type AgentStatus,
  AgentStatusError,
  decodeAgentStatus,
  encodeAgentStatus,
  MAX_AGENT_STATUS_BYTES,
} from './workspace/agent-status.ts';
export { colorFor, type Person, Presence } from './workspace/presence.ts';
export type { Connectivity, DocumentStatus, PendingChanges, WorkspaceStatus } from './workspace/status.ts';
export {
  type AttachOptions,
  type ConnectivitySource,
  openWorkspace,
  Workspace,
  type WorkspaceOptions,
} from './workspace/workspace.ts';
