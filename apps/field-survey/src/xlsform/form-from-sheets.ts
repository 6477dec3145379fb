import { FormError, type FormProblem } from '../errors.ts';
import type { Form } from '../form/form-model.ts';
import { checkForm } from './check-form.ts';
import { readChoices } from './choices-sheet.ts';
import { readSettings } from './settings-sheet.ts';
import { checkLimits, languagesOf, type SheetTable } from './sheet-table.ts';
import { readSurvey } from './survey-sheet.ts';

/**
 * Builds a form from the sheets of an XLSForm (`survey`, `choices`, `settings`; names matched case-insensitively,
 * other sheets ignored). Portable. Throws `FormError` listing every problem (sheet, row, column, reason) when
 * the form is malformed or uses what is not supported.
 *
 * @example
 * const form = formFromSheets(await readWorkbookSheets(bytes)); // the Node reader in `xlsform-file.ts`
 */
export function formFromSheets(sheets: readonly SheetTable[]): Form {
  const find = (name: string) => sheets.find((s) => s.name.trim().toLowerCase() === name);
  const problems: FormProblem[] = [];
  for (const sheet of sheets) problems.push(...checkLimits(sheet));
  if (problems.length > 0) throw new FormError(problems, 'form-too-large');
  const settings = readSettings(find('settings'), problems);
  const choices = readChoices(find('choices'), problems);
  const children = readSurvey(find('survey'), problems);
  const form: Form = {
    id: settings.id,
    version: settings.version,
    title: settings.title,
    defaultLanguage: settings.defaultLanguage,
    languages: languagesOf(sheets),
    children,
    choices,
  };
  checkForm(form, problems);
  if (problems.length > 0) throw new FormError(problems);
  return form;
}
