/**
 * The team's list of forms: one small document, `survey/catalogue`, mapping a form id to its title and current
 * version. A device that has never seen a form learns of it here (documents sync only once a device opens them,
 * so a form's own document cannot announce itself). Portable.
 */
import type * as Y from 'yjs';
import type { Form } from '../form/form-model.ts';

export const CATALOGUE_DOC = 'survey/catalogue';

export interface CatalogueEntry {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  /** Epoch ms of the import, on the importing device's clock. */
  readonly addedAt: number;
}

/** Adds or updates a form's entry (a newer version replaces the older one's entry). */
export function registerForm(doc: Y.Doc, form: Form, at: number): void {
  const entry: CatalogueEntry = { id: form.id, title: form.title, version: form.version, addedAt: at };
  doc.getMap<CatalogueEntry>('forms').set(form.id, entry);
}

/** Every form the team has, by title. Entries that are not well-formed (a hostile peer) are left out. */
export function listForms(doc: Y.Doc): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const [id, entry] of doc.getMap<CatalogueEntry>('forms')) {
    if (typeof entry !== 'object' || entry === null || typeof entry.title !== 'string') continue;
    out.push({ ...entry, id });
  }
  return out.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
}
