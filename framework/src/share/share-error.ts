/** Why a share or an import did not happen. */
export type ShareErrorCode =
  | 'bad-document' // a shared document was not a Yjs update, or its name cannot be stored
  | 'import-failed' // the push ended without the content (cancelled, failed, over a cap)
  | 'closed'; // used after close()

/** A share or import failed; `code` says why, `cause` holds the lower layer's error (a `GroupPushError`…). */
export class ShareError extends Error {
  readonly code: ShareErrorCode;

  constructor(code: ShareErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShareError';
    this.code = code;
  }
}
