import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { StorageError } from './errors.ts';

/**
 * The coordinator's own records in the server's SQLite file, on a connection of its own (WAL lets it share the
 * file with `SqliteStore`): when the server last received data written by each Yjs client of a submissions
 * document (`contacts`), and the names of the stored form documents.
 */
export class CoordinatorDb {
  private readonly db: DatabaseSync;
  private readonly upsert: StatementSync;
  private readonly select: StatementSync;
  private readonly forms: StatementSync;

  constructor(path: string) {
    try {
      this.db = new DatabaseSync(path, { timeout: 5000 });
      // NORMAL: a crash may lose the last second of contact times, never a document (those are FULL).
      this.db.exec(`
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS client_contacts (
          document TEXT NOT NULL, client INTEGER NOT NULL, received_at INTEGER NOT NULL,
          PRIMARY KEY (document, client)) STRICT;
      `);
      this.upsert = this.db.prepare(
        `INSERT INTO client_contacts (document, client, received_at) VALUES (?, ?, ?)
         ON CONFLICT (document, client) DO UPDATE SET received_at = max(received_at, excluded.received_at)`,
      );
      this.select = this.db.prepare('SELECT client, received_at FROM client_contacts WHERE document = ?');
      this.forms = this.db.prepare(
        `SELECT name FROM documents WHERE name GLOB 'survey/*/form'
         UNION SELECT DISTINCT name FROM updates WHERE name GLOB 'survey/*/form'`,
      );
    } catch (error) {
      throw new StorageError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Records, in one transaction, that data of these clients arrived at these times (keeping the newest). */
  recordContacts(contacts: Iterable<{ document: string; client: number; at: number }>): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const { document, client, at } of contacts) this.upsert.run(document, client, at);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Yjs client id → when the server last received data it wrote in `document`. */
  contacts(document: string): Map<number, number> {
    const rows = this.select.all(document) as { client: number; received_at: number }[];
    return new Map(rows.map((r) => [r.client, r.received_at]));
  }

  /** Names of the stored form documents (`survey/<id>/form`). */
  formDocumentNames(): string[] {
    return (this.forms.all() as { name: string }[]).map((r) => r.name);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
