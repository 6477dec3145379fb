/** How values, people and times read on the pages. */
import type { FieldNode, FieldValue, Form, GeoPoint } from '../../form/form-model.ts';
import { pickLabel } from '../../form/form-model.ts';
import type { Author } from '../../submission/edit-record.ts';

export function formatTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatAuthor(by: Author): string {
  return `${by.person} (${by.device})`;
}

/** A value as a person reads it: choice labels, not names; a geopoint as coordinates. */
export function formatValue(
  value: FieldValue | boolean | undefined,
  field: FieldNode | undefined,
  form: Form,
) {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (value === true) return 'present';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const choices = field?.listName ? (form.choices[field.listName] ?? []) : [];
  const label = (name: string) => {
    const choice = choices.find((c) => c.name === name);
    return choice ? pickLabel(choice.label, form.defaultLanguage) : name;
  };
  if (typeof value === 'string') return choices.length > 0 ? label(value) : value;
  if (Array.isArray(value)) return value.map(label).join(', ');
  const point = value as GeoPoint;
  const accuracy = point.accuracy === undefined ? '' : ` ±${point.accuracy} m`;
  return `${point.lat.toFixed(6)}, ${point.lon.toFixed(6)}${accuracy}`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
