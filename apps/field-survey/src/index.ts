/**
 * `@offgrid/field-survey`: the portable part (browsers and Node) — the form model and engine, the expression
 * language, building forms from XLSForm sheets, submissions on Yjs with per-field conflicts, exports.
 * The `.xlsx` reader is in the `node` entry.
 */
export {
  ExpressionError,
  type ExpressionErrorCode,
  FormError,
  type FormProblem,
  formatLocation,
  type SheetLocation,
  SubmissionError,
  SurveyError,
} from './errors.ts';
export { type CsvFile, exportCsv, levelOf, META_COLUMNS } from './export/csv-export.ts';
export {
  type ExportFormat,
  type ExportResult,
  exportDocuments,
  recordsFromDocuments,
} from './export/export-documents.ts';
export { type ExportRecord, exportRecords } from './export/export-records.ts';
export {
  exportGeoJson,
  type GeoJsonCollection,
  type GeoJsonPoint,
  mainGeopoint,
} from './export/geojson-export.ts';
export { exportZip, type PhotoSource, photoNames, type ZipExport } from './export/zip-export.ts';
export * from './expression/index.ts';
export {
  type EvaluateOptions,
  type Evaluation,
  evaluateSubmission,
  type ValidationIssue,
} from './form/evaluate-submission.ts';
export { checkFieldValue, parseFieldValue, toXPath, valueToText } from './form/field-values.ts';
export * from './form/form-model.ts';
export {
  type Author,
  type EditRecord,
  encodeKey,
  type FieldKey,
  type FieldPath,
  type SubmissionMeta,
  type SubmissionStatus,
} from './submission/edit-record.ts';
export type { Edit, FieldState } from './submission/field-state.ts';
export { FormVersionError, formVersions, publishForm, readForm } from './submission/form-doc.ts';
export { FormSubmissions } from './submission/form-submissions.ts';
export {
  type LegacyPhotos,
  loadPhoto,
  type OpenDocuments,
  type PhotoBlobs,
  photoBlobHash,
  photoExtension,
  photoHashes,
  photoSource,
  savePhoto,
  watchPhotoHashes,
  watchWorkspacePhotoHashes,
} from './submission/media-blobs.ts';
export { MAX_PHOTO_BYTES, mediaDocName, readPhoto, writePhoto } from './submission/media-docs.ts';
export {
  formDocName,
  SUBMISSION_SHARDS,
  submissionDocName,
  submissionDocNames,
  submissionsPrefix,
} from './submission/submission-docs.ts';
export {
  type ReviewItem,
  SubmissionStore,
  type SubmissionStoreOptions,
} from './submission/submission-store.ts';
export type { Conflict, SubmissionView } from './submission/submission-view.ts';
export { formFromSheets } from './xlsform/form-from-sheets.ts';
export { FORM_ID_PATTERN } from './xlsform/names.ts';
export { SHEET_LIMITS, type SheetRow, type SheetTable } from './xlsform/sheet-table.ts';
