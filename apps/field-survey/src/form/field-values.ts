/** Typed values of each field type: checking a stored value, reading one from text, and its XPath form. */
import type { Value } from '../expression/values.ts';
import type { FieldNode, FieldValue, Form, GeoPoint } from './form-model.ts';

export type Checked =
  | { readonly ok: true; readonly value: FieldValue }
  | { readonly ok: false; readonly reason: string };

/** Longest text value accepted in a field. */
export const MAX_TEXT_LENGTH = 10_000;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/;

const fail = (reason: string): Checked => ({ ok: false, reason });
const ok = (value: FieldValue): Checked => ({ ok: true, value });

/** Whether `value` is a well-formed value of `field` (null means empty and is always well-formed). */
export function checkFieldValue(field: FieldNode, value: unknown, form: Form): Checked {
  if (value === null || value === undefined || value === '') return ok(null);
  const choices = field.listName ? (form.choices[field.listName] ?? []) : [];
  switch (field.type) {
    case 'text':
    case 'calculate':
    case 'photo':
      if (typeof value === 'number' && field.type === 'calculate') return ok(value);
      if (typeof value !== 'string') return fail('expected text');
      return value.length > MAX_TEXT_LENGTH ? fail(`over ${MAX_TEXT_LENGTH} characters`) : ok(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? ok(value)
        : fail('expected a whole number');
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? ok(value) : fail('expected a number');
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? ok(value) : fail('expected a date YYYY-MM-DD');
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? ok(value) : fail('expected a time HH:MM');
    case 'select_one':
      return typeof value === 'string' && choices.some((c) => c.name === value)
        ? ok(value)
        : fail(`'${String(value)}' is not a choice of list ${field.listName}`);
    case 'select_multiple': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return fail('expected a list of choices');
      const unknown = value.find((v) => !choices.some((c) => c.name === v));
      if (unknown !== undefined) return fail(`'${unknown}' is not a choice of list ${field.listName}`);
      if (new Set(value).size !== value.length) return fail('a choice is selected twice');
      return ok(value);
    }
    case 'geopoint':
      return checkGeoPoint(value);
    case 'note':
      return fail('a note holds no value');
  }
}

function checkGeoPoint(value: unknown): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a geopoint');
  const { lat, lon, alt, accuracy } = value as GeoPoint;
  if (typeof lat !== 'number' || lat < -90 || lat > 90) return fail('latitude must be within -90..90');
  if (typeof lon !== 'number' || lon < -180 || lon > 180) return fail('longitude must be within -180..180');
  if (alt !== undefined && !Number.isFinite(alt)) return fail('altitude must be a number');
  if (accuracy !== undefined && !(Number.isFinite(accuracy) && accuracy >= 0))
    return fail('accuracy must be a number ≥ 0');
  return ok({ lat, lon, ...(alt !== undefined && { alt }), ...(accuracy !== undefined && { accuracy }) });
}

/**
 * Reads a value typed as text (a `default` column, a CSV cell): numbers for integer/decimal, a space-separated
 * list for select_multiple, `lat lon [alt [accuracy]]` for geopoint; then checks it like `checkFieldValue`.
 */
export function parseFieldValue(field: FieldNode, text: string, form: Form): Checked {
  const trimmed = text.trim();
  if (trimmed === '') return ok(null);
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return checkFieldValue(
        field,
        /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : trimmed,
        form,
      );
    case 'select_multiple':
      return checkFieldValue(field, trimmed.split(/\s+/), form);
    case 'geopoint': {
      const parts = trimmed.split(/\s+/).map(Number);
      if (parts.length < 2 || parts.length > 4 || parts.some((n) => !Number.isFinite(n)))
        return fail('expected "lat lon [alt [accuracy]]"');
      const [lat, lon, alt, accuracy] = parts as [number, number, number?, number?];
      return checkGeoPoint({ lat, lon, alt, accuracy });
    }
    default:
      return checkFieldValue(field, trimmed, form);
  }
}

/** ODK's text form of a value, used by expressions and by the CSV export. */
export function valueToText(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(' ');
  const point = value as GeoPoint;
  return [point.lat, point.lon, point.alt ?? 0, point.accuracy ?? 0].join(' ');
}

/** The XPath value an expression sees for a stored value. */
export function toXPath(value: FieldValue | undefined): Value {
  return typeof value === 'number' ? value : valueToText(value);
}
