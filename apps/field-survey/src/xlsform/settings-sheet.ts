import type { FormProblem } from '../errors.ts';
import { FORM_ID_PATTERN } from './names.ts';
import { rowReader, type SheetTable } from './sheet-table.ts';

export interface FormSettings {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly defaultLanguage?: string;
}

/** Settings that change how submissions are handled; ignoring them would do the wrong thing silently. */
const UNSUPPORTED = new Set(['submission_url', 'public_key', 'allow_choice_duplicates']);

/** Reads the first row under the `settings` header; `form_id` and `version` are required. */
export function readSettings(table: SheetTable | undefined, problems: FormProblem[]): FormSettings {
  const sheet = table?.name ?? 'settings';
  const row = table?.rows[0];
  const cells = table && row ? rowReader(table, row) : undefined;
  const id = cells?.get('form_id') ?? '';
  const version = cells?.get('version') ?? '';
  if (id === '') problems.push({ sheet, column: 'form_id', reason: 'form_id is required' });
  else if (!FORM_ID_PATTERN.test(id))
    problems.push({
      sheet,
      row: row?.row,
      column: 'form_id',
      reason: `form_id '${id}' must be 1 to 100 letters, digits, '_', '-' or '.'`,
    });
  if (version === '')
    problems.push({ sheet, column: 'version', reason: 'version is required (submissions record it)' });
  else if (version.length > 100)
    problems.push({ sheet, row: row?.row, column: 'version', reason: 'version is over 100 characters' });
  for (const header of table?.header ?? []) {
    const base = header.trim().toLowerCase();
    if (UNSUPPORTED.has(base) && cells?.get(base))
      problems.push({ sheet, row: row?.row, column: header, reason: `setting ${base} is not supported` });
  }
  return {
    id,
    version,
    title: cells?.get('form_title') ?? id,
    defaultLanguage: cells?.get('default_language'),
  };
}
