import * as Y from 'yjs';

/** The workspace document that lists every note. */
export const indexDocument = 'notes-index';

/** The workspace document holding the body of note `id` (a `Y.Text` named `body`). */
export function noteDocument(id: string): string {
  return `note:${id}`;
}

/** Note ids are UUIDs; anything else a peer writes into the index is ignored (never becomes a document name). */
const idPattern = /^[0-9a-f-]{8,64}$/;

/** One note as the index records it. Times are epoch ms of the device that wrote them. */
export interface NoteEntry {
  readonly id: string;
  readonly created: number;
  readonly updated: number;
  /** When it was moved to the bin; `null` while it is in the list. */
  readonly deletedAt: number | null;
}

/**
 * The list of notes, in the `notes` map of the index document: note id → a `Y.Map` of `created`, `updated` and
 * `deletedAt`. Each field merges on its own (last writer wins per field), so a delete on one device and an edit on
 * another both survive; nothing is ever removed from the map, so a note in the bin can always be restored.
 * Values written by peers are checked when read: a malformed entry is skipped, never thrown.
 */
export class NotesIndex {
  readonly #map: Y.Map<unknown>;

  constructor(doc: Y.Doc) {
    this.#map = doc.getMap('notes');
  }

  /** Every well-formed entry, bin included. */
  entries(): NoteEntry[] {
    const entries: NoteEntry[] = [];
    for (const id of this.#map.keys()) {
      const entry = this.get(id);
      if (entry !== undefined) entries.push(entry);
    }
    return entries;
  }

  get(id: string): NoteEntry | undefined {
    const fields = this.#map.get(id);
    if (!idPattern.test(id) || !(fields instanceof Y.Map)) return undefined;
    const number = (key: string) => {
      const value = fields.get(key);
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    };
    const created = number('created') ?? 0;
    return {
      id,
      created,
      updated: Math.max(created, number('updated') ?? 0),
      deletedAt: number('deletedAt'),
    };
  }

  /** Adds a note and returns its id. */
  create(now: number, id: string = crypto.randomUUID()): string {
    this.#map.set(
      id,
      new Y.Map<number | null>([
        ['created', now],
        ['updated', now],
        ['deletedAt', null],
      ]),
    );
    return id;
  }

  /** Records an edit of note `id` (for the list's order). */
  touch(id: string, now: number): void {
    this.#fields(id)?.set('updated', now);
  }

  /** Moves note `id` to the bin. */
  delete(id: string, now: number): void {
    this.#fields(id)?.set('deletedAt', now);
  }

  /** Takes note `id` out of the bin. */
  restore(id: string): void {
    this.#fields(id)?.set('deletedAt', null);
  }

  /** Calls `listener` after every change to the list (local or remote); returns the unsubscribe. */
  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.#map.observeDeep(handler);
    return () => this.#map.unobserveDeep(handler);
  }

  #fields(id: string): Y.Map<unknown> | undefined {
    const fields = this.#map.get(id);
    return fields instanceof Y.Map ? fields : undefined;
  }
}
