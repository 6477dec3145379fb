import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import {
  BlobError,
  type BlobStore,
  type BlobStoreOptions,
  checkHash,
  MAX_BLOB_BYTES,
  verifiedHash,
} from './blob-store.ts';

interface Schema extends DBSchema {
  blobs: { key: string; value: Uint8Array };
}

/**
 * A {@link BlobStore} in IndexedDB (through `idb`): one object store keyed by hash, in a database of its own
 * (so the document store's schema versions stay its own). Every write is a `durability: 'strict'` transaction:
 * `put` resolves once the browser flushed it.
 *
 * @example
 * ```ts
 * const blobs = new IndexedDbBlobStore('offgrid-field-survey-blobs');
 * ```
 */
export class IndexedDbBlobStore implements BlobStore {
  readonly #db: Promise<IDBPDatabase<Schema>>;
  readonly #maxBytes: number;
  #closed = false;

  constructor(databaseName: string, options: BlobStoreOptions = {}) {
    this.#maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
    this.#db = openDB<Schema>(databaseName, 1, {
      upgrade(db) {
        db.createObjectStore('blobs');
      },
    });
    this.#db.catch(() => {}); // reported by the first operation
  }

  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    const db = await this.#open();
    const hash = await verifiedHash(bytes, expected, this.#maxBytes);
    this.#checkOpen();
    try {
      const tx = db.transaction('blobs', 'readwrite', { durability: 'strict' });
      const present = await tx.store.getKey(hash);
      if (present === undefined) await tx.store.put(bytes.slice(), hash);
      await tx.done;
    } catch (cause) {
      throw new BlobError('io', 'IndexedDB refused the blob', { cause });
    }
    return hash;
  }

  async get(hash: string): Promise<Uint8Array | undefined> {
    checkHash(hash);
    const db = await this.#open();
    const value = await db.get('blobs', hash);
    return value === undefined ? undefined : new Uint8Array(value);
  }

  async has(hash: string): Promise<boolean> {
    checkHash(hash);
    const db = await this.#open();
    return (await db.getKey('blobs', hash)) !== undefined;
  }

  async missing(hashes: Iterable<string>): Promise<string[]> {
    const wanted = [...new Set(hashes)];
    for (const hash of wanted) checkHash(hash);
    const db = await this.#open();
    const tx = db.transaction('blobs', 'readonly');
    const keys = await Promise.all(wanted.map((hash) => tx.store.getKey(hash)));
    await tx.done;
    return wanted.filter((_, i) => keys[i] === undefined);
  }

  async list(): Promise<string[]> {
    const db = await this.#open();
    return db.getAllKeys('blobs');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const db = await this.#db.catch(() => undefined);
    db?.close();
  }

  async #open(): Promise<IDBPDatabase<Schema>> {
    this.#checkOpen();
    try {
      return await this.#db;
    } catch (cause) {
      throw new BlobError('io', 'IndexedDB could not be opened', { cause });
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new BlobError('closed', 'the blob store is closed');
  }
}
