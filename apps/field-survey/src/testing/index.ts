/** `@offgrid/field-survey/testing`: the sample forms and submissions, and an XLSForm writer. Node only. */
export { householdValues } from './sample-values.ts';
export { FORMS_DIR, sampleBytes, sampleForm } from './samples.ts';
export { type SheetSpec, type WorkbookSpec, writeXlsForm } from './write-xlsform.ts';
