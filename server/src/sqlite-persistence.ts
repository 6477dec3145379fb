import { Database } from '@hocuspocus/extension-database';
import {
  type afterLoadDocumentPayload,
  type beforeHandleMessagePayload,
  type Extension,
  isTransactionOrigin,
} from '@hocuspocus/server';
import { isEmptyUpdate, readIncomingUpdate } from './incoming-update.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Persistence of `offgrid serve` as two Hocuspocus extensions over one `SqliteStore`:
 *
 * - `@hocuspocus/extension-database` loads a document (`fetch`) and, debounced (2 s, at most 10 s), compacts it
 *   (`store`). Debounced storing alone would lose what the server already acknowledged: Hocuspocus sends the
 *   sync-status ack right after applying an update, seconds before `onStoreDocument` runs.
 * - `DurableUpdates` closes that gap. Its `beforeHandleMessage` runs, awaited, before Hocuspocus applies and
 *   acknowledges a client's message: an update-carrying message is decoded (a malformed one is refused, the
 *   connection closed, nothing applied) and appended to SQLite, and Hocuspocus goes on only once the append's
 *   transaction is committed (fsync'd). It appends the update as
 *   received, not the part Yjs integrated: Hocuspocus also acknowledges an update whose dependencies have not
 *   arrived yet (Yjs keeps it pending), and that must survive a crash too. Updates that reach a document
 *   otherwise (from other instances through Redis) are appended from the document's `update` event.
 */
export function sqlitePersistence(store: SqliteStore, log: (message: string) => void): Extension[] {
  const database = new Database({
    fetch: async ({ documentName }) => store.load(documentName, log),
    store: async ({ documentName, state }) => store.compact(documentName, state, log),
  });
  return [database, new DurableUpdates(store, log)];
}

class DurableUpdates implements Extension {
  readonly extensionName = 'offgrid-durable-updates';
  /** Before `@hocuspocus/extension-redis` (1000), so nothing from other instances is applied unrecorded. */
  readonly priority = 2000;
  private readonly store: SqliteStore;
  private readonly log: (message: string) => void;

  constructor(store: SqliteStore, log: (message: string) => void) {
    this.store = store;
    this.log = log;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (isTransactionOrigin(origin) && origin.source === 'connection') return; // appended before it was applied
      this.store
        .append(documentName, update)
        .catch((error: Error) => this.log(`offgrid serve: ${error.message}`));
    });
  }

  async beforeHandleMessage({
    connection,
    documentName,
    update: frame,
  }: beforeHandleMessagePayload): Promise<void> {
    if (connection.readOnly) return; // Hocuspocus refuses its updates unapplied
    let update: Uint8Array | undefined;
    try {
      update = readIncomingUpdate(frame);
    } catch (error) {
      this.log(
        `offgrid serve: refused an update on ${connection.socketId} for ${JSON.stringify(documentName)}: ${(error as Error).message}`,
      );
      throw error;
    }
    if (update !== undefined && !isEmptyUpdate(update)) await this.store.append(documentName, update);
  }
}
