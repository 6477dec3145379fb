import type { PackedUpdates } from './packed-updates.ts';

/**
 * Where a workspace keeps its documents: per document, an append-only log of Yjs updates that compaction folds
 * into one. Implementations: `SqliteDocumentStore` (Node, `@offgrid/framework/node`) and
 * `IndexedDbDocumentStore` (browser). Every promise resolves only once the data is durable (survives a power cut
 * or `kill -9` of the process right after).
 */
export interface DocumentStore {
  /** Appends one update to a document's log (creating the document). Resolves once it is on disk. */
  append(name: string, update: Uint8Array): Promise<void>;
  /** Every stored update of a document, oldest first, and the sequence number of the last one (0 when none). */
  load(name: string): Promise<StoredUpdates>;
  /**
   * Replaces the updates with sequence numbers ≤ `through` by `merged`, atomically: a reader sees either the
   * old log or the new one, and updates appended after `through` stay.
   */
  replace(name: string, through: number, merged: Uint8Array): Promise<void>;
  /** Names of the stored documents. */
  list(): Promise<string[]>;
  /**
   * A small value kept beside the documents under `key` (what the server is known to hold of each document, for
   * example), `undefined` when none. Not a document: {@link list} does not name it.
   */
  readMeta(key: string): Promise<string | undefined>;
  /** Stores (replacing) the value under `key`. Resolves once it is on disk. */
  writeMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

export interface StoredUpdates {
  readonly updates: Uint8Array[];
  /** Sequence number of the newest update returned: pass it to {@link DocumentStore.replace}. */
  readonly through: number;
  /**
   * The same updates end to end in one buffer, from a store that reads them so (`SqliteDocumentStore`): the
   * workspace merges from it without making one `Uint8Array` per update.
   */
  readonly packed?: PackedUpdates;
}

export type StoreErrorCode = 'closed' | 'invalid-name' | 'io';

/** A store operation failed; `code` says why (`closed`: used after `close()`; `io`: the storage refused). */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** Document names are what the sync wire carries: non-empty, at most 1024 characters. */
export function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024)
    throw new StoreError('invalid-name', `document name must be 1–1024 characters`);
}

/** Meta keys: non-empty, at most 2048 characters (room for a prefix before a document name). */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 2048)
    throw new StoreError('invalid-name', `meta key must be 1–2048 characters`);
}
