import type { Workspace } from '@offgrid/framework';
import type * as Y from 'yjs';
import { titleOf } from './note-title.ts';
import { indexDocument, type NoteEntry, NotesIndex, noteDocument } from './notes-index.ts';
import { matches, queryWords } from './search.ts';

/** A note as the list shows it. */
export interface NoteSummary extends NoteEntry {
  /** The first line with words ('' when there is none yet). */
  readonly title: string;
  /** Whether its body was read from storage (until then `title` is ''). */
  readonly loaded: boolean;
}

/** A note's body as the library follows it. */
interface OpenedNote {
  readonly body: Y.Text;
  loaded: boolean;
  /** When the index was last told of an edit, and when the last edit was. */
  touchedAt: number;
  editedAt: number;
  /** The title, until the body changes (the list reads titles on every render). */
  title: string | undefined;
}

/** An edit moves a note up the list at most this often, so typing does not write the index on every key. */
const touchEveryMs = 5000;

/**
 * The notes of a workspace: the index document plus one document per note body, every one of them open, so all
 * notes are stored and synced on this device (and can be searched) even if nobody opens them here. Emits
 * `change` (at most once a tick) when the list, a title or a body changes, locally or from a peer.
 *
 * @example
 * ```ts
 * const library = new NotesLibrary(workspace);
 * await library.ready;
 * const id = library.create();
 * library.body(id).insert(0, 'Shopping\nmilk');
 * library.search('milk'); // [{ id, title: 'Shopping', … }]
 * ```
 */
export class NotesLibrary extends EventTarget {
  readonly workspace: Workspace;
  readonly index: NotesIndex;
  /** Resolves once the stored index is read. */
  readonly ready: Promise<void>;
  readonly #opened = new Map<string, OpenedNote>();
  readonly #now: () => number;
  readonly #stops: (() => void)[] = [];
  readonly #touchLater = new Map<string, ReturnType<typeof setTimeout>>();
  #queued = false;
  #closed = false;

  constructor(workspace: Workspace, options: { now?: () => number } = {}) {
    super();
    this.workspace = workspace;
    this.#now = options.now ?? Date.now;
    this.index = new NotesIndex(workspace.doc(indexDocument));
    this.#stops.push(
      this.index.observe(() => {
        this.#openAll();
        this.#changed();
      }),
    );
    this.ready = workspace.whenLoaded(indexDocument).then(() => this.#openAll());
  }

  /** Every note with its title, newest edit first; `bin` chooses the bin instead of the list. */
  notes(options: { bin?: boolean } = {}): NoteSummary[] {
    const bin = options.bin === true;
    return this.index
      .entries()
      .filter((entry) => (entry.deletedAt !== null) === bin)
      .map((entry) => ({
        ...entry,
        title: this.title(entry.id),
        loaded: this.#opened.get(entry.id)?.loaded ?? false,
      }))
      .sort(
        (a, b) =>
          (bin ? (b.deletedAt ?? 0) - (a.deletedAt ?? 0) : b.updated - a.updated) || (a.id < b.id ? -1 : 1),
      );
  }

  /** The notes whose title or body holds every word of `query`. */
  search(query: string, options: { bin?: boolean } = {}): NoteSummary[] {
    const words = queryWords(query);
    return this.notes(options).filter((note) => matches(words, note.title, this.text(note.id)));
  }

  /** Creates an empty note; returns its id. */
  create(): string {
    const id = this.index.create(this.#now());
    this.#openAll();
    return id;
  }

  /** The body of note `id`, editable at once. */
  body(id: string): Y.Text {
    return this.#open(id).body;
  }

  /** The title of note `id` now ('' when its first line has no words). */
  title(id: string): string {
    const opened = this.#opened.get(id);
    if (opened === undefined) return '';
    opened.title ??= titleOf(opened.body.toString());
    return opened.title;
  }

  /** The text of note `id` now. */
  text(id: string): string {
    return this.#opened.get(id)?.body.toString() ?? '';
  }

  /** Resolves once the stored body of note `id` is loaded. */
  whenLoaded(id: string): Promise<void> {
    this.#open(id);
    return this.workspace.whenLoaded(noteDocument(id));
  }

  delete(id: string): void {
    this.index.delete(id, this.#now());
  }

  restore(id: string): void {
    this.index.restore(id);
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#stops.splice(0)) stop();
    for (const timer of this.#touchLater.values()) clearTimeout(timer);
    this.#touchLater.clear();
  }

  #openAll(): void {
    for (const entry of this.index.entries()) this.#open(entry.id);
  }

  #open(id: string): OpenedNote {
    const existing = this.#opened.get(id);
    if (existing !== undefined) return existing;
    const name = noteDocument(id);
    const body = this.workspace.doc(name).getText('body');
    const opened: OpenedNote = { body, loaded: false, touchedAt: 0, editedAt: 0, title: undefined };
    this.#opened.set(id, opened);
    const onBody = (event: Y.YTextEvent) => {
      opened.title = undefined;
      if (event.transaction.local) this.#edited(id, opened);
      this.#changed();
    };
    body.observe(onBody);
    this.#stops.push(() => body.unobserve(onBody));
    this.workspace.whenLoaded(name).then(
      () => {
        opened.loaded = true;
        this.#changed();
      },
      () => {}, // the workspace reports store errors as its own `error` events
    );
    return opened;
  }

  /**
   * A local edit of note `id` moves it to the top of the list at once; further edits within {@link touchEveryMs}
   * only record the time once more when the window ends, so typing does not write the index on every key.
   */
  #edited(id: string, opened: OpenedNote): void {
    const now = this.#now();
    opened.editedAt = now;
    const entry = this.index.get(id);
    const newest = Math.max(0, ...this.index.entries().map((other) => other.updated));
    if (now - opened.touchedAt >= touchEveryMs || (entry !== undefined && entry.updated < newest)) {
      opened.touchedAt = now;
      this.index.touch(id, now);
      return;
    }
    if (this.#touchLater.has(id)) return;
    const timer = setTimeout(
      () => {
        this.#touchLater.delete(id);
        if (this.#closed) return;
        opened.touchedAt = this.#now();
        // The time of the last edit, not of this timer: the list's order is the order of the edits.
        this.index.touch(id, opened.editedAt);
      },
      touchEveryMs - (now - opened.touchedAt),
    );
    this.#touchLater.set(id, timer);
  }

  #changed(): void {
    if (this.#queued || this.#closed) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.dispatchEvent(new Event('change'));
    });
  }
}
