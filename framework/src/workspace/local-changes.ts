import type { SyncDocument } from '@offgrid/sync';
import type * as Y from 'yjs';
import type { PendingChanges } from './status.ts';

/**
 * Numbers this replica's own changes to a document exactly as the hub's ack tracker does (1, 2, 3… per local
 * transaction that inserted or deleted), with the time of each, so that a peer's `confirmedSeq` tells how many
 * are still missing there — used for the server, which the hub does not single out.
 */
export class LocalChanges {
  readonly #times: number[] = [];
  readonly #document: SyncDocument;
  readonly #now: () => number;

  constructor(document: SyncDocument, now: () => number) {
    this.#document = document;
    this.#now = now;
    document.doc.on('afterTransaction', this.#onTransaction);
  }

  /** What a peer that confirmed up to `confirmedSeq` still misses. */
  missingAfter(confirmedSeq: number): PendingChanges {
    const count = Math.max(0, this.#times.length - confirmedSeq);
    const oldest = this.#times[confirmedSeq];
    return { count, oldestAgeMs: count === 0 || oldest === undefined ? null : this.#now() - oldest };
  }

  destroy(): void {
    this.#document.doc.off('afterTransaction', this.#onTransaction);
  }

  #onTransaction = (transaction: Y.Transaction): void => {
    for (const linkDoc of this.#document.links) if (transaction.origin === linkDoc) return;
    let changed = transaction.deleteSet.clients.size > 0;
    for (const [client, clock] of transaction.afterState)
      if ((transaction.beforeState.get(client) ?? 0) !== clock) changed = true;
    if (changed) this.#times.push(this.#now());
  };
}
