import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { checkName, type DocumentStore, type StoredUpdates, StoreError } from '../store/document-store.ts';

interface Schema extends DBSchema {
  updates: { key: number; value: { doc: string; data: Uint8Array }; indexes: { doc: string } };
}

/**
 * A {@link DocumentStore} in IndexedDB (through `idb`). Every write is a `durability: 'strict'` transaction:
 * its promise resolves only once the browser flushed it to disk, so a change reported saved survives the browser
 * process being killed right after (y-indexeddb cannot ask for that). Updates live in one object store keyed by
 * an auto-increment sequence number, indexed by document name.
 *
 * @example
 * ```ts
 * const workspace = openWorkspace({ appId: 'notes', store: new IndexedDbDocumentStore('offgrid-notes') });
 * ```
 */
export class IndexedDbDocumentStore implements DocumentStore {
  readonly #db: Promise<IDBPDatabase<Schema>>;
  #closed = false;

  /** Opens (creating if needed) the IndexedDB database `databaseName` of this origin. */
  constructor(databaseName: string) {
    this.#db = openDB<Schema>(databaseName, 1, {
      upgrade(db) {
        db.createObjectStore('updates', { autoIncrement: true }).createIndex('doc', 'doc');
      },
    });
    this.#db.catch(() => {}); // reported by the first operation
  }

  async append(name: string, update: Uint8Array): Promise<void> {
    const db = await this.#open(name);
    await this.#write(async () => {
      const tx = db.transaction('updates', 'readwrite', { durability: 'strict' });
      await Promise.all([tx.store.add({ doc: name, data: update }), tx.done]);
    });
  }

  async load(name: string): Promise<StoredUpdates> {
    const db = await this.#open(name);
    const tx = db.transaction('updates', 'readonly');
    const index = tx.store.index('doc');
    const [rows, keys] = await Promise.all([index.getAll(name), index.getAllKeys(name), tx.done]);
    return { updates: rows.map((row) => row.data), through: keys.length === 0 ? 0 : Math.max(...keys) };
  }

  async replace(name: string, through: number, merged: Uint8Array): Promise<void> {
    const db = await this.#open(name);
    await this.#write(async () => {
      const tx = db.transaction('updates', 'readwrite', { durability: 'strict' });
      const done = tx.done;
      let cursor = await tx.store.index('doc').openCursor(name);
      while (cursor !== null) {
        if (cursor.primaryKey <= through) await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.store.add({ doc: name, data: merged });
      await done;
    });
  }

  async list(): Promise<string[]> {
    const db = await this.#open(null);
    const names: string[] = [];
    let cursor = await db.transaction('updates').store.index('doc').openKeyCursor(null, 'nextunique');
    while (cursor !== null) {
      names.push(cursor.key);
      cursor = await cursor.continue();
    }
    return names;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    (await this.#db.catch(() => null))?.close();
  }

  async #open(name: string | null): Promise<IDBPDatabase<Schema>> {
    if (name !== null) checkName(name);
    if (this.#closed) throw new StoreError('closed', 'the store is closed');
    try {
      return await this.#db;
    } catch (cause) {
      throw new StoreError('io', 'could not open the IndexedDB database', { cause });
    }
  }

  async #write(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (cause) {
      throw new StoreError('io', 'IndexedDB refused the write', { cause });
    }
  }
}
