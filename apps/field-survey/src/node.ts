/** `@offgrid/field-survey/node`: the portable API plus the `.xlsx` XLSForm reader (`exceljs`). */
export { fieldSurveyApp } from './app/web-app.ts';
export * from './coordinator/index.ts';
export * from './index.ts';
export { readWorkbookSheets, readXlsForm, XLSX_LIMITS } from './xlsform/read-xlsx.ts';
