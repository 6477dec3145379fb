/**
 * The zip ODK Central users know: the CSV files at the top, the photos in `media/` under the names the CSV
 * cells hold. Portable (`fflate`); photos come from a function, so a device reads them from its blob store and
 * the server from its own.
 */
import { zipSync } from 'fflate';
import { type Form, flattenForm, type RepeatInstance, type SubmissionValues } from '../form/form-model.ts';
import { exportCsv } from './csv-export.ts';
import type { ExportRecord } from './export-records.ts';

/** A photo's bytes by the file name in the submission, or undefined when this store does not have it. */
export type PhotoSource = (name: string) => Promise<Uint8Array | undefined>;

export interface ZipExport {
  readonly bytes: Uint8Array;
  /** Photo names referenced by submissions but not found: the zip lists them in `missing-media.txt`. */
  readonly missing: readonly string[];
}

/** File names that are safe inside a zip on every system: no folders, no `..`. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export async function exportZip(
  form: Form,
  records: readonly ExportRecord[],
  photos: PhotoSource,
): Promise<ZipExport> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  for (const csv of exportCsv(form, records)) files[csv.name] = encoder.encode(csv.text);
  const missing: string[] = [];
  for (const name of photoNames(form, records)) {
    const bytes = SAFE_NAME.test(name) ? await photos(name) : undefined;
    // Photos are already compressed: stored, not deflated again.
    if (bytes) files[`media/${name}`] = [bytes, { level: 0 }];
    else missing.push(name);
  }
  if (missing.length > 0) files['missing-media.txt'] = encoder.encode(`${missing.join('\n')}\n`);
  return { bytes: zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') }), missing };
}

/** Every photo file name in the records, in order, once. */
export function photoNames(form: Form, records: readonly ExportRecord[]): string[] {
  const photoFields = new Set(
    flattenForm(form)
      .filter((f) => f.node.kind === 'field' && f.node.type === 'photo')
      .map((f) => f.node.name),
  );
  const names = new Set<string>();
  const walk = (values: SubmissionValues) => {
    for (const [name, value] of Object.entries(values)) {
      if (photoFields.has(name) && typeof value === 'string') names.add(value);
      else if (Array.isArray(value) && typeof value[0] === 'object')
        for (const instance of value as readonly RepeatInstance[]) walk(instance.values);
    }
  };
  for (const r of records) walk(r.values);
  return [...names];
}
