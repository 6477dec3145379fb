/**
 * `@offgrid/framework`: the API app developers use. Portable (no Node built-ins): the browser store is here,
 * the Node one in `@offgrid/framework/node`.
 */

export * from './blobs/index.ts';
export { IndexedDbDocumentStore } from './browser/indexeddb-store.ts';
export { openAppWorkspace } from './browser/open-app-workspace.ts';
export {
  type DocumentStore,
  type StoredUpdates,
  StoreError,
  type StoreErrorCode,
} from './store/document-store.ts';
export { MemoryDocumentStore } from './store/memory-store.ts';
export { compactDocument, mergeStored } from './store/merge-stored.ts';
export { colorFor, type Person, Presence } from './workspace/presence.ts';
export type { Connectivity, DocumentStatus, PendingChanges, WorkspaceStatus } from './workspace/status.ts';
export {
  type AttachOptions,
  openWorkspace,
  Workspace,
  type WorkspaceOptions,
} from './workspace/workspace.ts';
