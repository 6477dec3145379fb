import { SyncError } from './sync-error.ts';

/**
 * `write-denied`: a peer without write access sent changes (refused on the wire with a sync-status `0`, the
 * Hocuspocus way; the document is unchanged). `denied`: the other side refused us a document (Hocuspocus
 * auth `PermissionDenied`), which is also what it says for a document that does not exist.
 */
export class SyncAccessError extends SyncError {
  declare readonly code: 'write-denied' | 'denied';
  readonly documentName: string;

  constructor(code: 'write-denied' | 'denied', documentName: string, message: string) {
    super(code, message);
    this.documentName = documentName;
  }
}
