/**
 * The list of a form's submissions without building any of them: each row is read from the submission's
 * identity (`meta`) alone, so 10 000 submissions list in milliseconds and only the rows on screen are built
 * into views. Cached per shard until that shard changes. Portable.
 */
import * as Y from 'yjs';
import { type Author, META, type SubmissionMeta } from '../submission/edit-record.ts';

export interface IndexRow {
  readonly id: string;
  readonly createdAt: number;
  readonly createdBy: Author;
  readonly formVersion: string;
}

export class SubmissionIndex {
  readonly #shards: readonly Y.Doc[];
  readonly #cache = new Map<Y.Doc, IndexRow[]>();
  #sorted: IndexRow[] | undefined;

  constructor(shards: readonly Y.Doc[]) {
    this.#shards = shards;
    for (const shard of shards)
      shard.on('update', () => {
        this.#cache.delete(shard);
        this.#sorted = undefined;
      });
  }

  /** Every submission whose identity has arrived, newest first. */
  rows(): readonly IndexRow[] {
    if (this.#sorted) return this.#sorted;
    const all: IndexRow[] = [];
    for (const shard of this.#shards) {
      let rows = this.#cache.get(shard);
      if (!rows) {
        rows = [];
        for (const [id, entry] of shard.getMap<unknown>('submissions')) {
          // A hostile peer may put anything under a key: such an entry is not a submission.
          if (!(entry instanceof Y.Map)) continue;
          const meta = entry.get(META) as SubmissionMeta | undefined;
          if (typeof meta?.createdAt !== 'number') continue;
          rows.push({
            id,
            createdAt: meta.createdAt,
            createdBy: meta.createdBy,
            formVersion: meta.formVersion,
          });
        }
        this.#cache.set(shard, rows);
      }
      all.push(...rows);
    }
    all.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    this.#sorted = all;
    return all;
  }
}
