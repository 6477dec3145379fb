/**
 * CSV in the shape ODK Central and KoBo users load: one row per submission with a column per field (groups
 * flattened, named by field), select_multiple as space-separated choice names, geopoint as
 * `lat lon alt accuracy`, photos by file name; each repeat group in its own file, rows linked to their parent
 * by `PARENT_KEY` (= the parent row's `KEY`). Quoting by `csv-stringify` (its browser build: portable).
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import { valueToText } from '../form/field-values.ts';
import type {
  FieldValue,
  Form,
  FormNode,
  RepeatInstance,
  RepeatNode,
  SubmissionValues,
} from '../form/form-model.ts';
import type { ExportRecord } from './export-records.ts';

export interface CsvFile {
  /** `<formId>.csv`, `<formId>-<repeat>.csv`. */
  readonly name: string;
  readonly text: string;
  readonly rows: number;
}

/** Metadata columns after the fields of the main file, in ODK Central's names where it has one. */
export const META_COLUMNS = [
  'SubmissionDate',
  'KEY',
  'FormVersion',
  'ReviewState',
  'SubmitterName',
  'DeviceID',
  'LastEditDate',
  'Conflicts',
] as const;

/** The fields of a level (groups flattened, repeats and notes excluded) and the repeats directly in it. */
export function levelOf(nodes: readonly FormNode[]): { fields: string[]; repeats: RepeatNode[] } {
  const fields: string[] = [];
  const repeats: RepeatNode[] = [];
  const walk = (list: readonly FormNode[]) => {
    for (const node of list) {
      if (node.kind === 'group') walk(node.children);
      else if (node.kind === 'repeat') repeats.push(node);
      else if (node.type !== 'note') fields.push(node.name);
    }
  };
  walk(nodes);
  return { fields, repeats };
}

const cell = (values: SubmissionValues, name: string) => valueToText(values[name] as FieldValue | undefined);

/** The main CSV and one CSV per repeat group (nested repeats too). */
export function exportCsv(form: Form, records: readonly ExportRecord[]): CsvFile[] {
  const top = levelOf(form.children);
  const main: string[][] = [[...top.fields, ...META_COLUMNS]];
  for (const r of records)
    main.push([
      ...top.fields.map((f) => cell(r.values, f)),
      r.createdAt,
      r.key,
      r.formVersion,
      r.status,
      r.submitterName,
      r.deviceId,
      r.lastEditAt,
      String(r.conflicts),
    ]);
  const files: CsvFile[] = [{ name: `${form.id}.csv`, text: stringify(main), rows: main.length - 1 }];
  const repeatFiles = (repeats: RepeatNode[], parents: { key: string; values: SubmissionValues }[]) => {
    for (const repeat of repeats) {
      const level = levelOf(repeat.children);
      const rows: string[][] = [[...level.fields, 'PARENT_KEY', 'KEY']];
      const children: { key: string; values: SubmissionValues }[] = [];
      for (const parent of parents) {
        const instances = (parent.values[repeat.name] ?? []) as readonly RepeatInstance[];
        instances.forEach((instance, i) => {
          const key = `${parent.key}/${repeat.name}[${i + 1}]`;
          rows.push([...level.fields.map((f) => cell(instance.values, f)), parent.key, key]);
          children.push({ key, values: instance.values });
        });
      }
      files.push({ name: `${form.id}-${repeat.name}.csv`, text: stringify(rows), rows: rows.length - 1 });
      repeatFiles(level.repeats, children);
    }
  };
  repeatFiles(
    top.repeats,
    records.map((r) => ({ key: r.key, values: r.values })),
  );
  return files;
}
