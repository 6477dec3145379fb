import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { BlobError } from '../blobs/blob-store.ts';

/**
 * The page's record of blobs its agent may not hold yet (`AgentBlobs`): written before the blob itself, removed
 * once the agent has it, read again when the page opens, so a photo saved just before the tab died still reaches
 * the agent. Portable.
 */
export interface BlobOutbox {
  add(hash: string): Promise<void>;
  delete(hash: string): Promise<void>;
  list(): Promise<string[]>;
  close(): Promise<void>;
}

/** A {@link BlobOutbox} in memory (tests, and pages that must not keep anything). */
export class MemoryBlobOutbox implements BlobOutbox {
  readonly #hashes = new Set<string>();

  async add(hash: string): Promise<void> {
    this.#hashes.add(hash);
  }

  async delete(hash: string): Promise<void> {
    this.#hashes.delete(hash);
  }

  async list(): Promise<string[]> {
    return [...this.#hashes];
  }

  async close(): Promise<void> {}
}

interface Schema extends DBSchema {
  pending: { key: string; value: number };
}

/** A {@link BlobOutbox} in an IndexedDB database of its own; `add` is a `durability: 'strict'` write. */
export class IndexedDbBlobOutbox implements BlobOutbox {
  readonly #db: Promise<IDBPDatabase<Schema>>;

  constructor(databaseName: string) {
    this.#db = openDB<Schema>(databaseName, 1, {
      upgrade(db) {
        db.createObjectStore('pending');
      },
    });
    this.#db.catch(() => {}); // reported by the first operation
  }

  async add(hash: string): Promise<void> {
    const db = await this.#open();
    try {
      const tx = db.transaction('pending', 'readwrite', { durability: 'strict' });
      await tx.store.put(Date.now(), hash);
      await tx.done;
    } catch (cause) {
      throw new BlobError('io', 'IndexedDB refused the outbox entry', { cause });
    }
  }

  async delete(hash: string): Promise<void> {
    await (await this.#open()).delete('pending', hash);
  }

  async list(): Promise<string[]> {
    return (await this.#open()).getAllKeys('pending');
  }

  async close(): Promise<void> {
    (await this.#db.catch(() => undefined))?.close();
  }

  async #open(): Promise<IDBPDatabase<Schema>> {
    try {
      return await this.#db;
    } catch (cause) {
      throw new BlobError('io', 'IndexedDB could not be opened', { cause });
    }
  }
}
