import { fromWorkspaceStatus, type SyncStatus } from '@offgrid/components';
import { html, LitElement, nothing } from 'lit';
import { untitled } from '../model/note-title.ts';
import type { NotesLibrary } from '../model/notes-library.ts';
import type { SaveTracker } from '../model/save-state.ts';
import { noteFile } from '../share/note-file.ts';
import type { NoteSharing } from '../share/note-sharing.ts';
import { noteList } from './note-list.ts';
import { OpenNote, type PersonView } from './open-note.ts';
import { cleanName, type NameStorage, saveName } from './person-name.ts';
import { ShareDialog } from './share-dialog.ts';
import { documentLabels } from './status-labels.ts';

/**
 * `<offgrid-notes-app>`: the list (with search and the bin) beside the editor of the chosen note, the sync badge,
 * the people on the note and, when a {@link NoteSharing} is given, "Share nearby". Renders into light DOM so the
 * page's stylesheet (`notes.css`) styles it and CodeMirror measures it as any page element. Set `library`,
 * `tracker`, `storage`, `sharing` and `name` before connecting it ({@link mountNotes} does).
 */
export class NotesApp extends LitElement {
  static override properties = {
    name: { state: true },
    query: { state: true },
    bin: { state: true },
    selected: { state: true },
    people: { state: true },
    status: { state: true },
  };

  declare name: string | undefined;
  declare query: string;
  declare bin: boolean;
  declare selected: string | undefined;
  declare people: readonly PersonView[];
  declare status: SyncStatus;
  library!: NotesLibrary;
  tracker!: SaveTracker;
  storage: NameStorage | undefined;
  sharing: NoteSharing | undefined;
  readonly #editorHost = Object.assign(document.createElement('div'), { className: 'editor' });
  #open: OpenNote | undefined;
  #opening = 0;
  #share: ShareDialog | undefined;
  readonly #stops: (() => void)[] = [];

  constructor() {
    super();
    this.query = '';
    this.bin = false;
    this.people = [];
    this.status = { connectivity: 'offline', documents: [] };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    // The controller is made here: `sharing` is set after construction, before connecting.
    this.#share ??= new ShareDialog(this, this.sharing);
    super.connectedCallback();
    const listen = (target: EventTarget, type: string, listener: () => void) => {
      target.addEventListener(type, listener);
      this.#stops.push(() => target.removeEventListener(type, listener));
    };
    listen(this.library, 'change', () => this.#libraryChanged());
    listen(this.tracker, 'change', () => this.requestUpdate());
    const workspace = this.library.workspace;
    const status = () => {
      this.status = documentLabels(fromWorkspaceStatus(workspace.status()), this.library);
    };
    listen(workspace, 'status', status);
    status();
    this.library.ready.then(() => {
      if (this.selected === undefined && this.name !== undefined) {
        const newest = this.library.notes()[0];
        if (newest) this.openNote(newest.id, { focus: false });
      }
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const stop of this.#stops.splice(0)) stop();
    this.#open?.close();
  }

  /** Opens note `id` in the editor (and the bin view if it is in the bin). */
  async openNote(id: string, options: { focus?: boolean } = {}): Promise<void> {
    const entry = this.library.index.get(id);
    if (entry === undefined || this.name === undefined) return;
    const readOnly = entry.deletedAt !== null;
    const opening = ++this.#opening;
    this.#open?.close();
    this.#open = undefined;
    this.selected = id;
    this.people = [];
    const note = await OpenNote.open({
      library: this.library,
      id,
      name: this.name,
      readOnly,
      parent: this.#editorHost,
      onPeople: (people) => {
        if (opening === this.#opening) this.people = people;
      },
      cancelled: () => opening !== this.#opening,
    });
    if (note === undefined) return;
    this.#open = note;
    this.requestUpdate();
    await this.updateComplete;
    if (options.focus !== false) note.focus();
  }

  /** The editor of the open note (tests and the screenshot script reach CodeMirror through it). */
  get editor() {
    return this.#open?.editor;
  }

  override render() {
    if (this.name === undefined) return this.#renderNameForm();
    const notes = this.library.search(this.query, { bin: this.bin });
    const binCount = this.library.notes({ bin: true }).length;
    const selected = this.selected === undefined ? undefined : this.library.index.get(this.selected);
    return html`<div class=${`notes-app${selected ? ' has-note' : ''}`}>
      <header class="app-bar">
        <h1>Notes</h1>
        ${this.#renderSaved()}
        <button class="you" type="button" aria-label=${`You: ${this.name}. Change name`} @click=${this.#openRename}>You: ${this.name}</button>
        <offgrid-sync-status .status=${this.status}></offgrid-sync-status>
      </header>
      <nav class="sidebar" aria-label="Notes">
        <div class="tools">
          <button class="new-note primary" type="button" @click=${() => this.#create()}>New note</button>
          <input class="search" type="search" aria-label="Search notes" placeholder="Search notes"
            .value=${this.query} @input=${this.#onSearch} @keydown=${this.#onSearchKey} />
        </div>
        <div class="views" role="group" aria-label="Show">
          <button type="button" class="view-notes" aria-pressed=${String(!this.bin)} @click=${() => this.#showBin(false)}>Notes</button>
          <button type="button" class="view-bin" aria-pressed=${String(this.bin)} @click=${() => this.#showBin(true)}>Bin (${binCount})</button>
        </div>
        ${noteList({
          notes,
          selected: this.selected,
          bin: this.bin,
          query: this.query,
          actions: { open: (id) => this.openNote(id), restore: (id) => this.#restore(id) },
        })}
      </nav>
      <main class="pane" aria-label="Note">
        ${selected ? this.#renderToolbar(selected.id, selected.deletedAt !== null) : html`<p class="empty">Choose a note, or make a new one.</p>`}
        <div class=${selected ? 'editor-frame' : 'editor-frame hidden'}>${this.#editorHost}</div>
      </main>
      ${this.#share?.render() ?? nothing}
      <dialog class="name-dialog" aria-label="Change your name">
        <form method="dialog" @submit=${this.#onRename}>
          <label for="new-name">Your name</label>
          <input id="new-name" name="name" autocomplete="name" required maxlength="60" .value=${this.name} />
          <div class="dialog-actions">
            <button type="submit" value="cancel" formnovalidate>Cancel</button>
            <button class="primary" type="submit" value="save">Save</button>
          </div>
        </form>
      </dialog>
    </div>`;
  }

  #renderNameForm() {
    return html`<form class="name-form" @submit=${this.#onName}>
      <h1>Notes</h1>
      <label for="person-name">Your name</label>
      <p class="hint" id="person-name-hint">People you write with see it beside your cursor.</p>
      <input id="person-name" name="name" autocomplete="name" required maxlength="60" aria-describedby="person-name-hint" />
      <button class="primary" type="submit">Start writing</button>
    </form>`;
  }

  #renderSaved() {
    const state = this.tracker.state;
    if (state === 'failed')
      return html`<span class="saved failed" role="alert">Not saved on this device: ${String((this.tracker.error as Error | undefined)?.message ?? this.tracker.error)}</span>`;
    return html`<span class=${`saved ${state}`} role="status">${state === 'saved' ? 'Saved on this device' : 'Saving…'}</span>`;
  }

  #renderToolbar(id: string, inBin: boolean) {
    const title = this.library.title(id) || untitled;
    return html`<div class="note-bar">
      <button class="back" type="button" @click=${this.#back}>‹ Notes</button>
      <h2 class="note-heading">${title}</h2>
      <offgrid-presence .people=${this.people}></offgrid-presence>
      ${this.#share?.available && !inBin ? html`<button class="share" type="button" @click=${this.#openShare}>Share nearby</button>` : nothing}
      ${
        inBin
          ? html`<button class="restore-open primary" type="button" @click=${() => this.#restore(id)}>Restore</button>`
          : html`<button class="delete" type="button" @click=${() => this.#delete(id)}>Move to bin</button>`
      }
    </div>
    ${inBin ? html`<p class="in-bin" role="note">This note is in the bin. Restore it to edit it.</p>` : nothing}`;
  }

  #libraryChanged(): void {
    this.tracker.changed();
    const open = this.#open;
    const entry = open === undefined ? undefined : this.library.index.get(open.id);
    // Moved to or from the bin (here or on another device): reopen read-only or editable.
    if (open && entry && (entry.deletedAt !== null) !== open.readOnly)
      this.openNote(open.id, { focus: false });
    this.requestUpdate();
  }

  #create(): void {
    this.query = '';
    this.bin = false;
    const id = this.library.create();
    this.openNote(id);
  }

  #delete(id: string): void {
    this.library.delete(id);
    this.#open?.close();
    this.#open = undefined;
    this.selected = undefined;
    // Focus stays in the list (the first note), or on New note when the list is empty.
    this.updateComplete.then(() =>
      (
        this.querySelector<HTMLElement>('.note-link') ?? this.querySelector<HTMLElement>('.new-note')
      )?.focus(),
    );
  }

  #restore(id: string): void {
    this.library.restore(id);
    this.bin = false;
    this.openNote(id);
  }

  #showBin(bin: boolean): void {
    this.bin = bin;
  }

  #back(): void {
    this.#open?.close();
    this.#open = undefined;
    this.selected = undefined;
    this.updateComplete.then(() => this.querySelector<HTMLElement>('.search')?.focus());
  }

  #onSearch(event: InputEvent): void {
    this.query = (event.target as HTMLInputElement).value;
  }

  #onSearchKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.query = '';
    if (event.key === 'Enter') {
      // Else the key's newline could land in the editor that the note opens with focus.
      event.preventDefault();
      const first = this.library.search(this.query, { bin: this.bin })[0];
      if (first) this.openNote(first.id);
    }
  }

  #openRename(): void {
    const dialog = this.querySelector<HTMLDialogElement>('.name-dialog');
    const input = dialog?.querySelector<HTMLInputElement>('input');
    if (input) input.value = this.name ?? '';
    dialog?.showModal();
  }

  /** The dialog's Save: the new name is kept and shown at once to the people on the open note. */
  #onRename(event: SubmitEvent): void {
    if ((event.submitter as HTMLButtonElement | null)?.value !== 'save') return;
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    const name = cleanName(input.value);
    if (name === undefined) {
      event.preventDefault();
      return;
    }
    saveName(this.storage, name);
    this.name = name;
    this.#open?.rename(name);
  }

  #onName(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    const name = cleanName(input.value);
    if (name === undefined) return;
    saveName(this.storage, name);
    this.name = name;
    this.library.ready.then(() => {
      const newest = this.library.notes()[0];
      if (newest) this.openNote(newest.id, { focus: false });
    });
  }

  #openShare(): void {
    const id = this.selected;
    if (id === undefined) return;
    this.#share?.open(noteFile(id, this.library.title(id) || untitled, this.library.text(id)));
  }
}
