/** `@offgrid/notes/page`: the notes app in a page (browser only: it defines custom elements). */
export * from '../index.ts';
export { type MountedNotes, type MountNotesOptions, mountNotes } from '../mount-notes.ts';
export { type DescribePeer, nearbyNoteSharing } from '../share/nearby-note-sharing.ts';
export type { NoteSharing } from '../share/note-sharing.ts';
export { NotesApp } from '../ui/notes-app.ts';
