/** Content-addressed blobs: stores, sync among peers over group push, upload to the server (docs/framework.md). */
export {
  BlobError,
  type BlobErrorCode,
  type BlobStore,
  type BlobStoreOptions,
  blobHash,
  isBlobHash,
  MAX_BLOB_BYTES,
} from './blob-store.ts';
export { BLOB_CHANNEL_LABEL, BlobSync, type BlobSyncOptions } from './blob-sync.ts';
export { BlobSyncError, type BlobSyncErrorCode } from './blob-sync-error.ts';
export { BlobUploader, type BlobUploadOptions } from './blob-upload.ts';
export { IndexedDbBlobStore } from './indexeddb-blob-store.ts';
export { MemoryBlobStore } from './memory-blob-store.ts';
export { openBlobs, WorkspaceBlobs, type WorkspaceBlobsOptions } from './workspace-blobs.ts';
