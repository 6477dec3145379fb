import { createHash } from 'node:crypto';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { StorageError } from './errors.ts';

/** Largest blob `offgrid serve` takes: 10 MiB, as the devices' stores. */
export const MAX_SERVER_BLOB_BYTES = 10 * 1024 * 1024;

const HASH = /^[0-9a-f]{64}$/;

/** Whether `name` is a blob name (SHA-256, 64 lowercase hex digits). */
export function isBlobName(name: string): boolean {
  return HASH.test(name);
}

/**
 * The server's content-addressed blobs (photos), in the documents' SQLite file (its own connection, table
 * `blobs`): WAL, `synchronous = FULL`, so a blob is on disk when `put` returns. Bytes are checked against their
 * name before they are stored.
 */
export class SqliteBlobs {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly select: StatementSync;
  private readonly size: StatementSync;

  /** Opens (creating the table if needed) the file at `path`; throws `StorageError` when it cannot. */
  constructor(path: string) {
    try {
      this.db = new DatabaseSync(path, { timeout: 5000 });
      this.db.exec(`
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, data BLOB NOT NULL) STRICT, WITHOUT ROWID;
      `);
      this.insert = this.db.prepare('INSERT OR IGNORE INTO blobs (hash, data) VALUES (?, ?)');
      this.select = this.db.prepare('SELECT data FROM blobs WHERE hash = ?');
      this.size = this.db.prepare('SELECT length(data) AS n FROM blobs WHERE hash = ?');
    } catch (error) {
      throw new StorageError(`cannot open blobs in ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The blob's size in bytes, or `undefined` when it is not here. */
  sizeOf(hash: string): number | undefined {
    return (this.size.get(hash) as { n: number } | undefined)?.n;
  }

  get(hash: string): Uint8Array | undefined {
    return (this.select.get(hash) as { data: Uint8Array } | undefined)?.data;
  }

  /**
   * Stores `bytes` under `hash` when they hash to it: `stored` (new), `present` (already here: nothing written),
   * or `mismatch` (refused).
   */
  put(hash: string, bytes: Uint8Array): 'stored' | 'present' | 'mismatch' {
    if (createHash('sha256').update(bytes).digest('hex') !== hash) return 'mismatch';
    const result = this.insert.run(hash, bytes); // autocommit: one fsync of the WAL
    return result.changes === 0 ? 'present' : 'stored';
  }

  close(): void {
    this.db.close();
  }
}
