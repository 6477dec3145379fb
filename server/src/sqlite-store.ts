import { DatabaseSync, type StatementSync } from 'node:sqlite';
import * as Y from 'yjs';
import { StorageError } from './errors.ts';

/**
 * Documents in one SQLite file (Node's built-in `node:sqlite`, no native add-on): a compacted state per document
 * (`documents`) plus the updates received since (`updates`). WAL journal, `synchronous = FULL`: each append is
 * on disk when the promise of `append` resolves, which is what lets the server acknowledge an update only once it would
 * survive a crash. Several processes on one machine may share the file (SQLite locks it; not on network
 * file systems): compaction reads and deletes only what it merged, in one write transaction.
 */
export class SqliteStore {
  private readonly db: DatabaseSync;
  private readonly insertUpdate: StatementSync;
  private readonly selectState: StatementSync;
  private readonly selectUpdates: StatementSync;
  private readonly upsertState: StatementSync;
  private readonly deleteUpdates: StatementSync;
  private readonly countUpdates: StatementSync;
  readonly path: string;
  private batch: { name: string; update: Uint8Array; resolve: () => void; reject: (error: Error) => void }[] =
    [];

  /** Opens (creating if needed) the file at `path`; throws `StorageError` when it cannot. */
  constructor(path: string) {
    this.path = path;
    try {
      this.db = new DatabaseSync(path, { timeout: 5000 });
      this.db.exec(`
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, state BLOB NOT NULL) STRICT;
        CREATE TABLE IF NOT EXISTS updates (
          id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, update_bytes BLOB NOT NULL) STRICT;
        CREATE INDEX IF NOT EXISTS updates_by_name ON updates (name, id);
      `);
      const mode = this.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
      if (mode.journal_mode !== 'wal') throw new Error(`journal mode is ${mode.journal_mode}, not wal`);
      this.insertUpdate = this.db.prepare('INSERT INTO updates (name, update_bytes) VALUES (?, ?)');
      this.selectState = this.db.prepare('SELECT state FROM documents WHERE name = ?');
      this.selectUpdates = this.db.prepare('SELECT id, update_bytes FROM updates WHERE name = ? ORDER BY id');
      this.upsertState = this.db.prepare(
        'INSERT INTO documents (name, state) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state',
      );
      this.deleteUpdates = this.db.prepare('DELETE FROM updates WHERE name = ? AND id <= ?');
      this.countUpdates = this.db.prepare('SELECT count(*) AS n FROM updates WHERE name = ?');
    } catch (error) {
      throw new StorageError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Appends one Yjs update of `name`; resolves once it is on disk. Appends made in one event-loop turn share one
   * transaction, and so one fsync (group commit): with many clients the disk's sync rate, not the number of
   * updates, bounds the rate. Rejects (every append of the turn) when the write fails.
   */
  append(name: string, update: Uint8Array): Promise<void> {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.batch.push({ name, update, resolve, reject });
    if (this.batch.length === 1) setImmediate(() => this.flush());
    return promise;
  }

  /** Writes the appends of this turn now, in one transaction. */
  flush(): void {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    if (!this.db.isOpen) {
      const closed = new StorageError(`${this.path} is closed`);
      for (const append of batch) append.reject(closed);
      return;
    }
    try {
      this.db.exec('BEGIN');
      for (const { name, update } of batch) this.insertUpdate.run(name, update);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      const failure = new StorageError(`cannot append to ${this.path}: ${(error as Error).message}`, {
        cause: error,
      });
      for (const append of batch) append.reject(failure);
      return;
    }
    for (const append of batch) append.resolve();
  }

  /**
   * Everything stored for `name` as one Yjs update, or `null` when nothing is; the appended updates are compacted
   * into the document's row on the way (a server killed often would otherwise replay an ever longer list). A
   * stored update that Yjs cannot apply is reported to `log` and left out, so one bad record cannot make a
   * document unloadable.
   */
  load(name: string, log: (message: string) => void = () => {}): Uint8Array | null {
    return this.rewrite(name, undefined, log);
  }

  /**
   * Replaces the appended updates of `name` by one compacted state: `current` (the live document's full state)
   * together with everything stored, so updates another process appended meanwhile are kept, not dropped.
   */
  compact(name: string, current: Uint8Array, log: (message: string) => void = () => {}): void {
    this.rewrite(name, current, log);
  }

  /** Merges `current`, the stored state and the appended updates into the row, in one write transaction. */
  private rewrite(
    name: string,
    current: Uint8Array | undefined,
    log: (message: string) => void,
  ): Uint8Array | null {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const { state, updates } = this.read(name);
      const parts = [current, state, ...updates.map((u) => u.bytes)].filter((p) => p !== undefined);
      let merged: Uint8Array | null = null;
      if (updates.length === 0 && current === undefined) merged = state ?? null;
      else {
        merged = this.merge(name, parts, log);
        this.upsertState.run(name, merged);
        const last = updates.at(-1);
        if (last) this.deleteUpdates.run(name, last.id);
      }
      this.db.exec('COMMIT');
      return merged;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * One update holding all of `parts`, garbage-collected by a pass through a document. Merging first and
   * applying once keeps this linear: applying thousands of updates one by one, some pending on others, is not.
   */
  private merge(name: string, parts: Uint8Array[], log: (message: string) => void): Uint8Array {
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, Y.mergeUpdates(parts));
    } catch {
      doc.destroy();
      return this.replay(name, parts, log);
    }
    const merged = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return merged;
  }

  /** The slow path of `merge`, when some part is bad: each part on its own, the bad ones skipped and reported. */
  private replay(name: string, parts: Uint8Array[], log: (message: string) => void): Uint8Array {
    const doc = new Y.Doc();
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch (error) {
        log(
          `offgrid serve: a stored update of ${JSON.stringify(name)} does not apply, skipped: ${(error as Error).message}`,
        );
      }
    }
    const merged = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return merged;
  }

  /** The journal mode and synchronous level in force (`wal`, 2 = FULL), for tests and monitoring. */
  settings(): { journalMode: string; synchronous: number } {
    const { journal_mode } = this.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    const { synchronous } = this.db.prepare('PRAGMA synchronous').get() as { synchronous: number };
    return { journalMode: journal_mode, synchronous };
  }

  /** Number of appended, not yet compacted updates of `name` (for tests and monitoring). */
  pendingUpdates(name: string): number {
    return (this.countUpdates.get(name) as { n: number }).n;
  }

  close(): void {
    if (!this.db.isOpen) return;
    this.flush();
    this.db.close();
  }

  private read(name: string): { state?: Uint8Array; updates: { id: number; bytes: Uint8Array }[] } {
    const row = this.selectState.get(name) as { state: Uint8Array } | undefined;
    const updates = (this.selectUpdates.all(name) as { id: number; update_bytes: Uint8Array }[]).map((u) => ({
      id: u.id,
      bytes: u.update_bytes,
    }));
    return { state: row?.state, updates };
  }
}
