import { html, nothing, type TemplateResult } from 'lit';
import { untitled } from '../model/note-title.ts';
import type { NoteSummary } from '../model/notes-library.ts';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What the list calls back. */
export interface NoteListActions {
  open(id: string): void;
  restore(id: string): void;
}

/**
 * The list of notes (or of the bin): one button per note, named by its title, marked `aria-current` when open;
 * in the bin each note also has a Restore button.
 */
export function noteList(options: {
  notes: readonly NoteSummary[];
  selected: string | undefined;
  bin: boolean;
  query: string;
  actions: NoteListActions;
}): TemplateResult {
  const { notes, selected, bin, query, actions } = options;
  if (notes.length === 0) {
    const empty = query ? `No notes match “${query}”.` : bin ? 'The bin is empty.' : 'No notes yet.';
    return html`<p class="empty">${empty}</p>`;
  }
  return html`<ul class="note-list" aria-label=${bin ? 'Notes in the bin' : 'Notes'}>
    ${notes.map((note) => {
      const title = note.title || untitled;
      const time =
        bin && note.deletedAt !== null ? `Deleted ${when.format(note.deletedAt)}` : when.format(note.updated);
      return html`<li class="note-item">
        <button class="note-link" type="button" data-id=${note.id}
          aria-current=${note.id === selected ? 'true' : nothing}
          @click=${() => actions.open(note.id)}>
          <span class="note-title">${title}</span>
          <span class="note-meta">${time}</span>
        </button>
        ${
          bin
            ? html`<button class="restore" type="button" aria-label=${`Restore ${title}`}
                @click=${() => actions.restore(note.id)}>Restore</button>`
            : nothing
        }
      </li>`;
    })}
  </ul>`;
}
