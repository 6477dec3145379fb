/**
 * Reading and writing edit records: the well-formed records of a submission (remote data that is not one is
 * skipped), nested values as field keys, authors. Portable.
 */
import type * as Y from 'yjs';
import type { FieldValue, SubmissionValues } from '../form/form-model.ts';
import { type Author, type EditRecord, encodeKey, type FieldPath, META } from './edit-record.ts';

/** An edit whose client registered no author (its `authors` entry has not arrived): shown as such. */
export const UNKNOWN_AUTHOR: Author = { device: 'unknown', person: 'unknown' };

export const sameAuthor = (a: Author, b: Author) => a.device === b.device && a.person === b.person;

export const instanceKey = (instances: NonNullable<FieldPath['instances']>) =>
  encodeKey({ instances, name: '' }).slice(0, -1);

/** Nested values → field keys (repeat instances as `repeat#key` = true, their fields below them). */
export function flattenValues(
  values: SubmissionValues,
  within: NonNullable<FieldPath['instances']>,
  out: Record<string, FieldValue | boolean>,
): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object') {
      for (const instance of value as { key: string; values: SubmissionValues }[]) {
        const path = [...within, { repeat: name, key: instance.key }];
        out[instanceKey(path)] = true;
        flattenValues(instance.values, path, out);
      }
    } else out[encodeKey({ instances: within, name })] = value as FieldValue;
  }
}

/** The well-formed records of a submission; malformed remote data is ignored, not fatal. */
export function* records(entry: Y.Map<unknown>): Generator<[string, EditRecord]> {
  for (const [id, record] of entry) {
    if (id === META || typeof record !== 'object' || record === null) continue;
    const { s, sup, at } = record as Partial<EditRecord>;
    if (typeof s !== 'object' || s === null || !Array.isArray(sup) || typeof at !== 'number') continue;
    yield [id, record as EditRecord];
  }
}
