import type { ImportEvent } from '@offgrid/framework';
import type { NotesLibrary } from '../model/notes-library.ts';
import { receivedNote } from './note-file.ts';

/** What the import needs of the share (the framework's `NearbyShare` or a page's `PageShare`), by shape. */
export type ImportSource = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/**
 * A note shared from nearby comes as a Markdown file (`noteFile`); once accepted here, `onNote(id)` opens it:
 * - the same note (by the id the file carries) when this device has it already — devices that pair and grant the
 *   notes app sync every note, so a share between them is mostly "look at this"; the note is not copied;
 * - else a new note in `library` with the sender's text (a copy of its own: should the original arrive by sync
 *   later, both stay, and neither's text is doubled).
 *
 * Only offers accepted through {@link SharedNoteImport.accepted} are taken in: every page of the app hears the
 * agent's `import` event, and a second open tab must not make the same note twice. Files that are not UTF-8
 * Markdown (`receivedNote`) are left out: they stay where the share saved them.
 *
 * @example
 * ```ts
 * const notes = new SharedNoteImport(share, library, (id) => app.openNote(id));
 * importElement.addEventListener('offgrid-accept', (e) => notes.accepted(e.detail.transferId));
 * ```
 */
export class SharedNoteImport {
  readonly #share: ImportSource;
  readonly #library: NotesLibrary;
  readonly #onNote: (id: string) => void;
  readonly #acceptedHere = new Set<string>();

  constructor(share: ImportSource, library: NotesLibrary, onNote: (id: string) => void = () => {}) {
    this.#share = share;
    this.#library = library;
    this.#onNote = onNote;
    share.addEventListener('import', this.#onImport);
  }

  /** The person accepted offer `transferId` on this page: its file becomes a note here. */
  accepted(transferId: string): void {
    this.#acceptedHere.add(transferId);
  }

  close(): void {
    this.#share.removeEventListener('import', this.#onImport);
  }

  readonly #onImport = (event: Event): void => {
    const imported = (event as ImportEvent).imported;
    if (!this.#acceptedHere.delete(imported.transferId)) return;
    const note = receivedNote(imported);
    if (note === undefined) return;
    if (note.id !== undefined && this.#library.index.get(note.id) !== undefined) {
      this.#onNote(note.id);
      return;
    }
    const id = this.#library.create();
    this.#library.body(id).insert(0, note.text);
    this.#onNote(id);
  };
}
