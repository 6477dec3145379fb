/** The committed sample forms, read for tests and benchmarks. Node only. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Form } from '../form/form-model.ts';
import { readXlsForm } from '../xlsform/read-xlsx.ts';

export const FORMS_DIR = join(import.meta.dirname, '../../forms');

export async function sampleBytes(name: 'household-needs' | 'water-point'): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(FORMS_DIR, `${name}.xlsx`)));
}

export async function sampleForm(name: 'household-needs' | 'water-point'): Promise<Form> {
  return readXlsForm(await sampleBytes(name));
}
