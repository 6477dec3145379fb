/**
 * Writes the sample XLSForms (`household-needs.xlsx`, `water-point.xlsx`) from `samples.ts`:
 * `node apps/field-survey/forms/make-samples.ts`. The outputs are committed; tests load them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeXlsForm } from '../src/testing/write-xlsform.ts';
import { HOUSEHOLD, WATER_POINT } from './samples.ts';

for (const [file, spec] of [
  ['household-needs.xlsx', HOUSEHOLD],
  ['water-point.xlsx', WATER_POINT],
] as const) {
  const path = join(import.meta.dirname, file);
  await writeFile(path, await writeXlsForm(spec));
  console.log(`wrote ${path}`);
}
