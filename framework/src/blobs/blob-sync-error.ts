export type BlobSyncErrorCode = 'bad-want' | 'bad-blob' | 'store-failed' | 'upload-refused' | 'closed';

/**
 * Blob sync met something it could not use: `bad-want` (a peer's want message broke the rules), `bad-blob`
 * (received bytes did not match their name), `store-failed` (the blob store refused), `upload-refused` (the
 * server answered an upload with an error that retrying will not fix), `closed`.
 */
export class BlobSyncError extends Error {
  readonly code: BlobSyncErrorCode;

  constructor(code: BlobSyncErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BlobSyncError';
    this.code = code;
  }
}
