/**
 * `@offgrid/notes`: the notes app's data model, portable (Node and browsers): the index of notes, one document
 * per body, titles, search, and `followNotes` for a replica that carries the notes without showing them. The page
 * is `@offgrid/notes/page` (`mountNotes`); the host's side is `@offgrid/notes/node` (`notesApp`).
 */
export { followNotes } from './model/follow-notes.ts';
export { titleOf, untitled } from './model/note-title.ts';
export { indexDocument, type NoteEntry, NotesIndex, noteDocument } from './model/notes-index.ts';
export { type NoteSummary, NotesLibrary } from './model/notes-library.ts';
export { type SaveState, SaveTracker } from './model/save-state.ts';
export { matches, queryWords } from './model/search.ts';
