import type { EditorView } from '@codemirror/view';
import type { Presence, Person as Present } from '@offgrid/framework';
import { noteDocument } from '../model/notes-index.ts';
import type { NotesLibrary } from '../model/notes-library.ts';
import { createNoteEditor } from './note-editor.ts';

/** A person as `<offgrid-presence>` takes them. */
export interface PersonView {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly self?: boolean;
}

/**
 * The note open in the editor: its CodeMirror view and this person's presence on it. Opening shows the person on
 * that note (name and colour, then cursor); {@link close} takes them off it, so others see who is where.
 */
export class OpenNote {
  readonly id: string;
  readonly readOnly: boolean;
  #editor: { view: EditorView; destroy(): void } | undefined;
  #presence: Presence | undefined;
  #stop: (() => void) | undefined;
  #closed = false;

  private constructor(id: string, readOnly: boolean) {
    this.id = id;
    this.readOnly = readOnly;
  }

  /**
   * Loads note `id`, shows `name` on it and puts an editor into `parent`; `onPeople` hears who is on the note.
   * Resolves with `undefined` if `cancelled()` turned true meanwhile (another note was chosen).
   */
  static async open(options: {
    library: NotesLibrary;
    id: string;
    name: string;
    readOnly: boolean;
    parent: HTMLElement;
    onPeople(people: PersonView[]): void;
    cancelled(): boolean;
  }): Promise<OpenNote | undefined> {
    const { library, id } = options;
    await library.whenLoaded(id);
    const presence = await library.workspace.presence(noteDocument(id));
    if (options.cancelled()) return undefined;
    const note = new OpenNote(id, options.readOnly);
    note.#presence = presence;
    // Before the editor: y-codemirror adds the cursor to the local state only once there is one.
    presence.set({ name: options.name });
    const people = (present: Present[]) =>
      options.onPeople(
        present.map((p) => ({ id: String(p.clientId), name: p.name, color: p.color, self: p.self })),
      );
    note.#stop = presence.onChange(people);
    people(presence.people());
    options.parent.replaceChildren();
    note.#editor = createNoteEditor({
      parent: options.parent,
      text: library.body(id),
      awareness: presence.awareness,
      readOnly: options.readOnly,
      label: 'Note text',
    });
    return note;
  }

  /** Shows this person under another name. */
  rename(name: string): void {
    this.#presence?.set({ name });
  }

  focus(): void {
    this.#editor?.view.focus();
  }

  get editor(): EditorView | undefined {
    return this.#editor?.view;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop?.();
    this.#editor?.destroy();
    this.#presence?.clear();
  }
}
