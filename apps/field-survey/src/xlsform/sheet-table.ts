/**
 * A worksheet as plain text cells, the shape every XLSForm reader hands to `formFromSheets`: the portable form
 * builder never sees the xlsx library, so browsers can build forms from sheets read any other way.
 */
import type { FormProblem } from '../errors.ts';
import type { Translations } from '../form/form-model.ts';

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it. */
  readonly row: number;
  /** Cells by header (as written, trimmed), text trimmed; empty cells absent. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface SheetTable {
  readonly name: string;
  /** Header cells (row 1), trimmed, in column order. */
  readonly header: readonly string[];
  readonly rows: readonly SheetRow[];
}

/** Sheet limits: an XLSForm is a form, not a data set. */
export const SHEET_LIMITS = { maxRows: 10_000, maxColumns: 200, maxCellLength: 10_000 } as const;

/** `label::English (en)` → `{ base: 'label', language: 'English (en)' }`; `label` → language `''`. */
export function splitHeader(header: string): { base: string; language: string } {
  const at = header.indexOf('::');
  if (at < 0) return { base: header.trim().toLowerCase(), language: '' };
  return { base: header.slice(0, at).trim().toLowerCase(), language: header.slice(at + 2).trim() };
}

/** A row's cells by lowercase base column, with translated columns gathered. */
export interface RowReader {
  get(base: string): string | undefined;
  translations(base: string): Translations | undefined;
  /** The header a base column was written as, for problem reports. */
  column(base: string): string;
}

export function rowReader(table: SheetTable, row: SheetRow): RowReader {
  const plain = new Map<string, string>();
  const translated = new Map<string, Record<string, string>>();
  const headers = new Map<string, string>();
  for (const [header, value] of Object.entries(row.cells)) {
    const { base, language } = splitHeader(header);
    headers.set(base, headers.get(base) ?? header);
    if (language === '') plain.set(base, value);
    const entry = translated.get(base) ?? {};
    entry[language] = value;
    translated.set(base, entry);
  }
  for (const header of table.header) {
    const { base } = splitHeader(header);
    if (!headers.has(base)) headers.set(base, header);
  }
  return {
    get: (base) => plain.get(base) ?? first(translated.get(base)),
    translations: (base) => translated.get(base),
    column: (base) => headers.get(base) ?? base,
  };
}

function first(entry: Record<string, string> | undefined): string | undefined {
  return entry ? Object.values(entry)[0] : undefined;
}

/** Checks a table against `SHEET_LIMITS`; returns the problems (empty when within them). */
export function checkLimits(table: SheetTable): FormProblem[] {
  const problems: FormProblem[] = [];
  if (table.rows.length > SHEET_LIMITS.maxRows)
    problems.push({ sheet: table.name, reason: `more than ${SHEET_LIMITS.maxRows} rows` });
  if (table.header.length > SHEET_LIMITS.maxColumns)
    problems.push({ sheet: table.name, reason: `more than ${SHEET_LIMITS.maxColumns} columns` });
  return problems;
}

/** Languages named in the headers (`label::French (fr)` → `French (fr)`). */
export function languagesOf(tables: readonly SheetTable[]): string[] {
  const languages = new Set<string>();
  for (const table of tables)
    for (const header of table.header) {
      const { base, language } = splitHeader(header);
      if (language !== '' && ['label', 'hint', 'required_message', 'constraint_message'].includes(base))
        languages.add(language);
    }
  return [...languages];
}
