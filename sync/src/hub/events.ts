import type { SyncError } from '../errors/sync-error.ts';
import type { SyncDocument } from './sync-document.ts';
import type { SyncLink } from './sync-link.ts';

/** `error` on a link (then it closes), `refused` on a link and its document (a write was refused). */
export class SyncErrorEvent extends Event {
  readonly error: SyncError;
  readonly documentName: string | null;

  constructor(type: 'error' | 'refused' | 'denied', error: SyncError, documentName: string | null = null) {
    super(type);
    this.error = error;
    this.documentName = documentName;
  }
}

/** A Hocuspocus stateless message (`payload` is a string, usually JSON) from a peer allowed to read. */
export class StatelessEvent extends Event {
  readonly payload: string;
  readonly peerId: string;

  constructor(payload: string, peerId: string) {
    super('stateless');
    this.payload = payload;
    this.peerId = peerId;
  }
}

/** `synced` on a link: a step 2 for `documentName` was applied (the document caught up with that peer). */
export class SyncedEvent extends Event {
  readonly documentName: string;

  constructor(documentName: string) {
    super('synced');
    this.documentName = documentName;
  }
}

/** `open` on a hub: a document was opened. */
export class DocumentOpenEvent extends Event {
  readonly document: SyncDocument;

  constructor(document: SyncDocument) {
    super('open');
    this.document = document;
  }
}

/** `attach` on a hub: a channel joined it. */
export class LinkAttachEvent extends Event {
  readonly link: SyncLink;

  constructor(link: SyncLink) {
    super('attach');
    this.link = link;
  }
}
