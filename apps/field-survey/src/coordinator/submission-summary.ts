/**
 * What the coordinator's table, map and device list need of one submission, computed once per view (views are
 * cached until the submission changes, so summaries are too). Portable.
 */
import { valueToText } from '../form/field-values.ts';
import type { FieldValue, Form, GeoPoint, RepeatInstance, SubmissionValues } from '../form/form-model.ts';
import { flattenForm, pickLabel } from '../form/form-model.ts';
import type { Author, SubmissionStatus } from '../submission/edit-record.ts';
import type { SubmissionView } from '../submission/submission-view.ts';

/** One row of the submissions table. */
export interface SubmissionRow {
  readonly id: string;
  readonly formVersion: string;
  readonly status: SubmissionStatus;
  readonly reviewStale: boolean;
  readonly createdAt: number;
  readonly createdBy: Author;
  readonly lastEdit?: { readonly by: Author; readonly at: number };
  /** Fields with open conflicts. */
  readonly conflicts: number;
  /** The form's first columns (`SubmissionColumns`), as text. */
  readonly values: Readonly<Record<string, string>>;
  /** The form's first geopoint outside repeats, when answered. */
  readonly point?: { readonly lat: number; readonly lon: number };
}

/** Everything a filter looks at, besides the row. */
export interface Summary {
  readonly row: SubmissionRow;
  /** Devices and persons of every edit. */
  readonly devices: ReadonlySet<string>;
  readonly persons: ReadonlySet<string>;
  /** Newest edit per device (device clock). */
  readonly editsByDevice: ReadonlyMap<string, { at: number; persons: Set<string> }>;
  /** Lower-case text of the id, authors and every value, for `q`. */
  readonly text: string;
}

/** The table's columns for a form: its first few answerable fields outside repeats, and its geopoint. */
export interface SubmissionColumns {
  readonly columns: readonly { readonly name: string; readonly label: string }[];
  readonly geopoint?: string;
}

const SHOWN = new Set(['text', 'integer', 'decimal', 'select_one', 'select_multiple', 'date']);

export function submissionColumns(form: Form, count = 3): SubmissionColumns {
  const fields = flattenForm(form).filter((f) => f.repeats.length === 0 && f.node.kind === 'field');
  const columns = fields
    .filter((f) => f.node.kind === 'field' && SHOWN.has(f.node.type))
    .slice(0, count)
    .map((f) => ({ name: f.node.name, label: pickLabel(f.node.label, form.defaultLanguage) || f.node.name }));
  const geopoint = fields.find((f) => f.node.kind === 'field' && f.node.type === 'geopoint')?.node.name;
  return { columns, ...(geopoint && { geopoint }) };
}

const cache = new WeakMap<SubmissionView, { key: SubmissionColumns; summary: Summary }>();

export function summarize(view: SubmissionView, columns: SubmissionColumns): Summary {
  const cached = cache.get(view);
  if (cached?.key === columns) return cached.summary;
  const devices = new Set([view.meta.createdBy.device]);
  const persons = new Set([view.meta.createdBy.person]);
  const editsByDevice = new Map<string, { at: number; persons: Set<string> }>();
  for (const state of view.fields.values())
    for (const edit of state.history) {
      devices.add(edit.by.device);
      persons.add(edit.by.person);
      const seen = editsByDevice.get(edit.by.device);
      if (!seen) editsByDevice.set(edit.by.device, { at: edit.at, persons: new Set([edit.by.person]) });
      else {
        seen.at = Math.max(seen.at, edit.at);
        seen.persons.add(edit.by.person);
      }
    }
  const values: Record<string, string> = {};
  for (const { name } of columns.columns) {
    const value = view.values[name] as FieldValue | undefined;
    if (value !== undefined && value !== null) values[name] = valueToText(value);
  }
  const point = columns.geopoint ? asPoint(view.values[columns.geopoint]) : undefined;
  const words: string[] = [view.id, ...devices, ...persons];
  collectText(view.values, words);
  for (const conflict of view.conflicts)
    for (const { value } of conflict.values) if (typeof value !== 'boolean') words.push(valueToText(value));
  const summary: Summary = {
    row: {
      id: view.id,
      formVersion: view.meta.formVersion,
      status: view.status,
      reviewStale: view.reviewStale,
      createdAt: view.meta.createdAt,
      createdBy: view.meta.createdBy,
      ...(view.lastEdit && { lastEdit: view.lastEdit }),
      conflicts: view.conflicts.length,
      values,
      ...(point && { point }),
    },
    devices,
    persons,
    editsByDevice,
    text: words.join('\n').toLowerCase(),
  };
  cache.set(view, { key: columns, summary });
  return summary;
}

function asPoint(value: unknown): { lat: number; lon: number } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { lat, lon } = value as GeoPoint;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return undefined;
  return { lat, lon };
}

function collectText(values: SubmissionValues, out: string[]): void {
  for (const value of Object.values(values)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object')
      for (const instance of value as readonly RepeatInstance[]) collectText(instance.values, out);
    else out.push(valueToText(value as FieldValue));
  }
}
