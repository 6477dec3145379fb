import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { checkName, type DocumentStore, type StoredUpdates, StoreError } from '../store/document-store.ts';

interface Pending {
  readonly name: string;
  readonly update: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * A {@link DocumentStore} in one SQLite file (`node:sqlite`), WAL mode with `synchronous=FULL`: each commit
 * fsyncs the WAL, so an append that resolved survives `kill -9` and power loss. Appends made in the same tick
 * share one transaction (one fsync).
 *
 * @example
 * ```ts
 * const store = new SqliteDocumentStore('.offgrid/notes.db');
 * ```
 */
export class SqliteDocumentStore implements DocumentStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #select: StatementSync;
  readonly #deleteThrough: StatementSync;
  #queue: Pending[] = [];
  #closed = false;

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = FULL');
    this.#db.exec(
      'CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL)',
    );
    this.#db.exec('CREATE INDEX IF NOT EXISTS updates_doc ON updates (doc, seq)');
    this.#insert = this.#db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)');
    this.#select = this.#db.prepare('SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq');
    this.#deleteThrough = this.#db.prepare('DELETE FROM updates WHERE doc = ? AND seq <= ?');
  }

  append(name: string, update: Uint8Array): Promise<void> {
    try {
      checkName(name);
      this.#checkOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0) queueMicrotask(() => this.#flush());
      this.#queue.push({ name, update, resolve, reject });
    });
  }

  async load(name: string): Promise<StoredUpdates> {
    checkName(name);
    this.#checkOpen();
    this.#flush();
    this.#select.setReturnArrays(true);
    const rows = this.#select.all(name) as unknown as [number, Uint8Array][];
    const updates = rows.map((row) => row[1]);
    return { updates, through: rows.length === 0 ? 0 : (rows[rows.length - 1] as [number, Uint8Array])[0] };
  }

  async replace(name: string, through: number, merged: Uint8Array): Promise<void> {
    checkName(name);
    this.#checkOpen();
    this.#flush();
    this.#transaction(() => {
      this.#deleteThrough.run(name, through);
      this.#insert.run(name, merged);
    });
  }

  async list(): Promise<string[]> {
    this.#checkOpen();
    this.#flush();
    const rows = this.#db.prepare('SELECT DISTINCT doc FROM updates ORDER BY doc').all() as { doc: string }[];
    return rows.map((row) => row.doc);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    this.#db.close();
  }

  #flush(): void {
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    try {
      this.#transaction(() => {
        for (const item of batch) this.#insert.run(item.name, item.update);
      });
    } catch (cause) {
      const error = new StoreError('io', 'could not append to the SQLite store', { cause });
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) item.resolve();
  }

  #transaction(body: () => void): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      body();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('closed', 'the store is closed');
  }
}
