/**
 * The Node side of XLSForm import: an `.xlsx` file → `SheetTable`s, with `exceljs`. Kept apart from the
 * portable form builder so browsers never load the xlsx library.
 *
 * An `.xlsx` is a zip: its entries are checked with `fflate` (count and declared sizes) before `exceljs`
 * inflates anything, so a zip bomb is refused instead of filling memory.
 */
import ExcelJS from 'exceljs';
import { Unzip, UnzipInflate } from 'fflate';
import { FormError } from '../errors.ts';
import type { Form } from '../form/form-model.ts';
import { formFromSheets } from './form-from-sheets.ts';
import { SHEET_LIMITS, type SheetRow, type SheetTable } from './sheet-table.ts';

export const XLSX_LIMITS = {
  /** Largest `.xlsx` file accepted. */
  maxFileBytes: 5 * 1024 * 1024,
  /** Largest total of the entries' uncompressed sizes. */
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxEntries: 500,
} as const;

/** Sheets read; others (KoBo's `external_choices`, notes sheets) are not read at all. */
const SHEETS = ['survey', 'choices', 'settings'];

/**
 * Reads an XLSForm `.xlsx` and builds its form. Throws `FormError`: `form-unreadable` (not an xlsx workbook),
 * `form-too-large`, or `form-invalid` with every problem found (sheet, row, column, reason).
 *
 * @example
 * const form = await readXlsForm(await readFile('forms/household.xlsx'));
 */
export async function readXlsForm(bytes: Uint8Array): Promise<Form> {
  return formFromSheets(await readWorkbookSheets(bytes));
}

export async function readWorkbookSheets(bytes: Uint8Array): Promise<SheetTable[]> {
  if (bytes.byteLength > XLSX_LIMITS.maxFileBytes)
    throw new FormError(
      [{ sheet: '(file)', reason: `over ${XLSX_LIMITS.maxFileBytes} bytes` }],
      'form-too-large',
    );
  checkZip(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable(`not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  if (workbook.worksheets.length === 0) throw unreadable('not an .xlsx workbook: it has no worksheets');
  const tables: SheetTable[] = [];
  for (const sheet of workbook.worksheets) {
    if (!SHEETS.includes(sheet.name.trim().toLowerCase())) continue;
    tables.push(readSheet(sheet));
  }
  return tables;
}

/**
 * Inflates the zip with `fflate`, counting, and stops at the first byte over the limits. The sizes a zip declares
 * can lie; deflate expands up to ~1000×, so the compressed input is fed in small slices to keep each step's
 * output small too.
 */
function checkZip(bytes: Uint8Array): void {
  let entries = 0;
  let unpacked = 0;
  let over = false;
  const unzip = new Unzip((file) => {
    entries++;
    if (entries > XLSX_LIMITS.maxEntries) {
      over = true;
      return;
    }
    file.ondata = (error, chunk) => {
      if (error) throw error;
      unpacked += chunk.byteLength;
      if (unpacked > XLSX_LIMITS.maxUnpackedBytes && !over) {
        over = true;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.byteLength && !over; at += ZIP_SLICE)
      unzip.push(bytes.subarray(at, at + ZIP_SLICE), at + ZIP_SLICE >= bytes.byteLength);
  } catch (error) {
    throw unreadable(`not an .xlsx (zip) file: ${(error as Error).message}`);
  }
  if (over)
    throw new FormError(
      [
        {
          sheet: '(file)',
          reason: `unpacks to over ${XLSX_LIMITS.maxEntries} entries or ${XLSX_LIMITS.maxUnpackedBytes} bytes`,
        },
      ],
      'form-too-large',
    );
  if (entries === 0) throw unreadable('not an .xlsx file: no zip entries');
}

/** Compressed bytes inflated per step: at most ~16 MiB of output each. */
const ZIP_SLICE = 16 * 1024;

function unreadable(reason: string): FormError {
  return new FormError([{ sheet: '(file)', reason }], 'form-unreadable');
}

function readSheet(sheet: ExcelJS.Worksheet): SheetTable {
  const rows: SheetRow[] = [];
  const header: string[] = [];
  const headerRow = sheet.getRow(1);
  const columns = Math.min(headerRow.cellCount, SHEET_LIMITS.maxColumns + 1);
  for (let c = 1; c <= columns; c++) header.push(cellText(headerRow.getCell(c).value).trim());
  const last = Math.min(sheet.rowCount, SHEET_LIMITS.maxRows + 2);
  for (let r = 2; r <= last; r++) {
    const row = sheet.getRow(r);
    const cells: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name === '') return;
      const text = cellText(row.getCell(i + 1).value).trim();
      if (text !== '') cells[name] = text.slice(0, SHEET_LIMITS.maxCellLength);
    });
    if (Object.keys(cells).length > 0) rows.push({ row: r, cells });
  }
  return { name: sheet.name, header, rows };
}

/** The text of a cell as a person sees it: rich text joined, formulas by their result, dates as ISO dates. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}
