/**
 * Exports straight from a form's documents (its form document and submission shards), the same on a device
 * and on the server. Portable.
 */
import type * as Y from 'yjs';
import { SurveyError } from '../errors.ts';
import type { Clock } from '../expression/functions.ts';
import type { Form } from '../form/form-model.ts';
import { formVersions, readForm } from '../submission/form-doc.ts';
import { SubmissionStore } from '../submission/submission-store.ts';
import type { SubmissionView } from '../submission/submission-view.ts';
import { type CsvFile, exportCsv } from './csv-export.ts';
import { type ExportRecord, exportRecords } from './export-records.ts';
import { exportGeoJson, type GeoJsonCollection } from './geojson-export.ts';
import { mergeVersions } from './merge-versions.ts';
import { exportZip, type PhotoSource, type ZipExport } from './zip-export.ts';

/** Who reads: exports never write, but a store needs an author. */
const READER = { device: 'export', person: 'export' };

/**
 * The form to export with (the current version, plus the columns only older versions have) and the records of
 * every submission of it in `shards`, oldest first, each evaluated against the version it was made with.
 */
export function recordsFromDocuments(
  formId: string,
  formDoc: Y.Doc,
  shards: Iterable<Y.Doc>,
  clock?: Clock,
): { form: Form; records: ExportRecord[] } {
  const current = readForm(formDoc);
  if (!current) throw new SurveyError('form-unknown', `no form ${formId}`);
  const versions = formVersions(formDoc);
  const views: SubmissionView[] = [];
  for (const doc of shards) {
    const store = new SubmissionStore(doc, { author: READER });
    for (const id of store.ids()) {
      try {
        const view = store.view(id);
        if (view.meta.formId === formId) views.push(view);
      } catch {
        // A submission whose identity has not arrived yet (its first update is still on the way): not exported.
      }
    }
  }
  views.sort((a, b) => a.meta.createdAt - b.meta.createdAt || (a.id < b.id ? -1 : 1));
  const used = new Set(views.map((v) => v.meta.formVersion));
  const form = mergeVersions(
    current,
    versions.filter((f) => used.has(f.version)),
  );
  const byVersion = new Map(versions.map((f) => [f.version, f]));
  return { form, records: exportRecords(form, views, clock, (version) => byVersion.get(version)) };
}

export type ExportFormat = 'csv' | 'geojson' | 'zip';

export type ExportResult =
  | { readonly format: 'csv'; readonly files: CsvFile[] }
  | { readonly format: 'geojson'; readonly geojson: GeoJsonCollection }
  | { readonly format: 'zip'; readonly zip: ZipExport };

export async function exportDocuments(
  format: ExportFormat,
  formId: string,
  formDoc: Y.Doc,
  shards: Iterable<Y.Doc>,
  photos: PhotoSource = async () => undefined,
): Promise<ExportResult> {
  const { form, records } = recordsFromDocuments(formId, formDoc, shards);
  if (format === 'csv') return { format, files: exportCsv(form, records) };
  if (format === 'geojson') return { format, geojson: exportGeoJson(form, records) };
  return { format, zip: await exportZip(form, records, photos) };
}
