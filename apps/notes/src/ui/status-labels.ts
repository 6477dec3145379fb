import type { SyncStatus } from '@offgrid/components';
import { untitled } from '../model/note-title.ts';
import { indexDocument, noteDocument } from '../model/notes-index.ts';
import type { NotesLibrary } from '../model/notes-library.ts';

/** The badge's per-document lines name notes by title ("Shopping"), not by document name (`note:<uuid>`). */
export function documentLabels(status: SyncStatus, library: NotesLibrary): SyncStatus {
  const titles = new Map<string, string>();
  for (const note of [...library.notes(), ...library.notes({ bin: true })])
    titles.set(noteDocument(note.id), note.title || untitled);
  return {
    ...status,
    documents: status.documents.map((doc) => ({
      ...doc,
      name: doc.name === indexDocument ? 'List of notes' : (titles.get(doc.name) ?? doc.name),
    })),
  };
}
