import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  BlobError,
  type BlobStore,
  type BlobStoreOptions,
  checkHash,
  MAX_BLOB_BYTES,
  verifiedHash,
} from '../blob-store.ts';

/**
 * A {@link BlobStore} in a SQLite file (`node:sqlite`): one table `blobs(hash, data)`, WAL mode with
 * `synchronous=FULL`, so a `put` that resolved survives `kill -9` and power loss. It may share the file of a
 * `SqliteDocumentStore` (its own connection; SQLite serialises the writers).
 *
 * @example
 * ```ts
 * const blobs = new SqliteBlobStore('.offgrid/field-survey.db');
 * const hash = await blobs.put(photoBytes);
 * ```
 */
export class SqliteBlobStore implements BlobStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #select: StatementSync;
  readonly #exists: StatementSync;
  readonly #maxBytes: number;
  #closed = false;

  constructor(path: string, options: BlobStoreOptions = {}) {
    this.#maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
    try {
      this.#db = new DatabaseSync(path);
      this.#db.exec('PRAGMA busy_timeout = 5000');
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec('PRAGMA synchronous = FULL');
      this.#db.exec(
        'CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID',
      );
    } catch (cause) {
      throw new BlobError('io', `cannot open the blob store ${path}`, { cause });
    }
    this.#insert = this.#db.prepare('INSERT OR IGNORE INTO blobs (hash, data) VALUES (?, ?)');
    this.#select = this.#db.prepare('SELECT data FROM blobs WHERE hash = ?');
    this.#exists = this.#db.prepare('SELECT 1 AS one FROM blobs WHERE hash = ?');
  }

  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    this.#checkOpen();
    const hash = await verifiedHash(bytes, expected, this.#maxBytes);
    this.#checkOpen();
    try {
      this.#insert.run(hash, bytes); // autocommit: one fsync of the WAL (synchronous = FULL)
    } catch (cause) {
      throw new BlobError('io', 'could not write to the blob store', { cause });
    }
    return hash;
  }

  async get(hash: string): Promise<Uint8Array | undefined> {
    this.#checkOpen();
    checkHash(hash);
    const row = this.#select.get(hash) as { data: Uint8Array } | undefined;
    return row?.data;
  }

  async has(hash: string): Promise<boolean> {
    this.#checkOpen();
    checkHash(hash);
    return this.#exists.get(hash) !== undefined;
  }

  async missing(hashes: Iterable<string>): Promise<string[]> {
    this.#checkOpen();
    const out = new Set<string>();
    for (const hash of hashes) {
      checkHash(hash);
      if (!out.has(hash) && this.#exists.get(hash) === undefined) out.add(hash);
    }
    return [...out];
  }

  async list(): Promise<string[]> {
    this.#checkOpen();
    const rows = this.#db.prepare('SELECT hash FROM blobs ORDER BY hash').all() as { hash: string }[];
    return rows.map((row) => row.hash);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new BlobError('closed', 'the blob store is closed');
  }
}
