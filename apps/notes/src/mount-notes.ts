import '@offgrid/components';
import type { Workspace } from '@offgrid/framework';
import { NotesLibrary } from './model/notes-library.ts';
import { SaveTracker } from './model/save-state.ts';
import type { NoteSharing } from './share/note-sharing.ts';
import { NotesApp } from './ui/notes-app.ts';
import { loadName, type NameStorage } from './ui/person-name.ts';

if (!customElements.get('offgrid-notes-app')) customElements.define('offgrid-notes-app', NotesApp);

declare global {
  interface HTMLElementTagNameMap {
    'offgrid-notes-app': NotesApp;
  }
}

/** What {@link mountNotes} may be given besides the workspace. */
export interface MountNotesOptions {
  /** Where the person's name is kept (the page passes `localStorage`); without it the name is asked each visit. */
  storage?: NameStorage;
  /** Share to nearby people; without it the Share button is not shown. */
  sharing?: NoteSharing;
  /** Wall clock for the list's times (tests). */
  now?: () => number;
}

/** A mounted notes app. */
export interface MountedNotes {
  readonly element: NotesApp;
  readonly library: NotesLibrary;
  readonly tracker: SaveTracker;
  /** Removes the app from the page (the workspace stays open: the caller owns it). */
  unmount(): void;
}

/**
 * Puts the notes app into `root`, over `workspace` (the index document and one document per note, see
 * apps/notes/README.md). The page's boot module passes `openAppWorkspace('notes')`; tests pass workspaces joined
 * by channels. While a change is not yet durable, leaving the page asks first.
 *
 * @example
 * ```ts
 * mountNotes(document.querySelector('#app')!, openAppWorkspace('notes'), { storage: localStorage });
 * ```
 */
export function mountNotes(
  root: HTMLElement,
  workspace: Workspace,
  options: MountNotesOptions = {},
): MountedNotes {
  const library = new NotesLibrary(workspace, options.now ? { now: options.now } : {});
  const tracker = new SaveTracker(workspace);
  const element = document.createElement('offgrid-notes-app');
  element.library = library;
  element.tracker = tracker;
  element.storage = options.storage;
  element.sharing = options.sharing;
  element.name = loadName(options.storage);
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (tracker.state !== 'saved') event.preventDefault();
  };
  addEventListener('beforeunload', beforeUnload);
  root.replaceChildren(element);
  return {
    element,
    library,
    tracker,
    unmount() {
      removeEventListener('beforeunload', beforeUnload);
      element.remove();
      library.close();
    },
  };
}
