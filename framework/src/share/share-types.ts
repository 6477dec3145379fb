import type { PeerProgress, PeerResult } from '@offgrid/sync';

/** What is shared: a workspace document (its Yjs state) or a file. */
export type ShareKind = 'document' | 'file';

/** A file to share. A DOM `File` fits (`name`, `type`, and it is a `Blob`). */
export interface ShareFile {
  readonly name: string;
  /** Media type; default `application/octet-stream`. */
  readonly type?: string;
  readonly bytes: Uint8Array | Blob;
}

export interface ShareOptions {
  /** Peer ids to share with: peers attached with `NearbyShare.addPeer` (or attached within the push timeout). */
  readonly to: readonly string[];
  readonly signal?: AbortSignal;
}

/** An incoming offer, plain data (safe to `JSON.stringify`). */
export interface IncomingShare {
  readonly transferId: string;
  /** Peer id of the sender. */
  readonly from: string;
  readonly kind: ShareKind;
  /** The document's or file's name as the sender gave it: display only, never markup or a path. */
  readonly name: string;
  readonly mediaType: string;
  readonly totalBytes: number;
  /** SHA-256 of the content, 64 hex digits. */
  readonly sha256: string;
}

/** A receipt this device accepted: its progress, then how it ended. */
export interface IncomingProgress {
  readonly transferId: string;
  readonly from: string;
  readonly kind: ShareKind;
  readonly name: string;
  readonly totalBytes: number;
  /** Verified bytes held; never decreases. */
  readonly receivedBytes: number;
  /** Bytes per second over the last 3 s. */
  readonly rate: number;
  readonly remainingMs: number | undefined;
  readonly state: 'receiving' | 'imported' | 'failed';
  /** The `ShareError` code when `failed`. */
  readonly error?: string;
}

/** A share this device started, as its recipients progress. */
export interface OutgoingProgress {
  /** This device's number for the share, known at once (the transfer id needs the content hashed first). */
  readonly id: number;
  /** Unknown (`''`) until the content has been read and hashed. */
  readonly transferId: string;
  readonly kind: ShareKind;
  readonly name: string;
  readonly totalBytes: number;
  /** Bytes this device uploaded (pieces and frames) over all recipients. */
  readonly sentBytes: number;
  readonly peers: readonly PeerProgress[];
  readonly done: boolean;
}

/** Everything in flight, plain data: what the components render. */
export interface ShareSnapshot {
  /** Offers waiting for accept or decline, oldest first. */
  readonly offers: readonly IncomingShare[];
  /** Accepted receipts, in progress and recently ended. */
  readonly incoming: readonly IncomingProgress[];
  /** This device's shares, in progress and recently ended. */
  readonly outgoing: readonly OutgoingProgress[];
}

/** How a share ended, one result per recipient (only `confirmed` means the whole content was verified there). */
export interface ShareResult {
  readonly transferId: string;
  readonly kind: ShareKind;
  readonly name: string;
  readonly totalBytes: number;
  readonly sentBytes: number;
  readonly peers: readonly PeerResult[];
}

/** A file that arrived: its bytes, or where it was saved (Node, `saveFilesTo`). */
export interface ImportedFile {
  readonly kind: 'file';
  readonly transferId: string;
  readonly from: string;
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  /** The content, when no `saveFile` option saved it elsewhere. */
  readonly bytes?: Uint8Array;
  /** Where `saveFile` put it. */
  readonly path?: string;
}

/** A document that arrived and was merged into the workspace document `name`. */
export interface ImportedDocument {
  readonly kind: 'document';
  readonly transferId: string;
  readonly from: string;
  /** The workspace document it was merged into (the sender's name unless `accept(id, { as })` named another). */
  readonly name: string;
  /** The name the sender gave. */
  readonly sentAs: string;
}

export type Imported = ImportedFile | ImportedDocument;
