/**
 * Writes an XLSForm `.xlsx` from rows with `exceljs`: how the sample forms are made, and how tests make
 * malformed ones. Node only.
 */
import ExcelJS from 'exceljs';

/** A sheet as a header row then data rows; `undefined`/'' cells stay empty. */
export interface SheetSpec {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number | undefined)[])[];
}

export type WorkbookSpec = Readonly<Record<string, SheetSpec>>;

/** The `.xlsx` bytes of a workbook with one worksheet per entry of `spec`, in order. */
export async function writeXlsForm(spec: WorkbookSpec): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  // Fixed dates so that regenerating the samples gives the same cells.
  workbook.created = new Date('2026-12-01T00:00:00Z');
  workbook.modified = workbook.created;
  for (const [name, sheet] of Object.entries(spec)) {
    const worksheet = workbook.addWorksheet(name);
    worksheet.addRow([...sheet.header]);
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(row.map((cell) => (cell === '' ? undefined : cell)));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
