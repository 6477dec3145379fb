/**
 * Values are bound plainly, not with `live()`: a binding sets the control only when the stored value changed, so
 * a re-render while someone types (a status event, a teammate's edit elsewhere) never wipes their text.
 *
 * One question's input, per field type: native controls (the phone's date, time and number keyboards, the
 * camera through `capture`), each reporting a typed value or a reason it cannot be one.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { parseFieldValue } from '../../form/field-values.ts';
import type { FieldNode, FieldValue, Form, GeoPoint } from '../../form/form-model.ts';
import { pickLabel } from '../../form/form-model.ts';

export interface FieldInputContext {
  readonly form: Form;
  readonly field: FieldNode;
  readonly id: string;
  readonly value: FieldValue | undefined;
  readonly disabled: boolean;
  readonly describedBy: string;
  /** A well-formed value to save (null clears), or the reason the typed text is not one. */
  readonly save: (value: FieldValue) => void;
  readonly reject: (reason: string) => void;
  readonly takePhoto: (file: File) => void;
  readonly locate: () => void;
  /** An object URL of the photo named by the value, once loaded. */
  readonly photoUrl?: string;
}

const text = (value: FieldValue | undefined) =>
  value === null || value === undefined ? '' : typeof value === 'object' ? '' : String(value);

/** Parses typed text as the field's type; saves it, or reports why not. */
function fromText(c: FieldInputContext, typed: string): void {
  const checked = parseFieldValue(c.field, typed, c.form);
  if (checked.ok) c.save(checked.value);
  else c.reject(checked.reason);
}

const onText = (c: FieldInputContext) => (event: Event) =>
  fromText(c, (event.currentTarget as HTMLInputElement).value);

export function fieldInput(c: FieldInputContext): TemplateResult {
  const { field, id, disabled } = c;
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return html`<input id=${id} type="number" step=${field.type === 'integer' ? '1' : 'any'}
        inputmode=${field.type === 'integer' ? 'numeric' : 'decimal'} .value=${text(c.value)}
        ?disabled=${disabled} aria-describedby=${c.describedBy} @change=${onText(c)} />`;
    case 'date':
    case 'time':
      return html`<input id=${id} type=${field.type} .value=${text(c.value)} ?disabled=${disabled}
        aria-describedby=${c.describedBy} @change=${onText(c)} />`;
    case 'select_one':
    case 'select_multiple':
      return choices(c);
    case 'geopoint':
      return geopoint(c);
    case 'photo':
      return photo(c);
    default:
      if (field.appearance?.includes('multiline'))
        return html`<textarea id=${id} rows="3" .value=${text(c.value)} ?disabled=${disabled}
          aria-describedby=${c.describedBy} @change=${(e: Event) =>
            c.save((e.currentTarget as HTMLTextAreaElement).value || null)}></textarea>`;
      return html`<input id=${id} type="text" .value=${text(c.value)} ?disabled=${disabled}
        aria-describedby=${c.describedBy} @change=${(e: Event) =>
          c.save((e.currentTarget as HTMLInputElement).value || null)} />`;
  }
}

function choices(c: FieldInputContext): TemplateResult {
  const list = c.field.listName ? (c.form.choices[c.field.listName] ?? []) : [];
  const multiple = c.field.type === 'select_multiple';
  const selected = new Set(Array.isArray(c.value) ? c.value : typeof c.value === 'string' ? [c.value] : []);
  const changed = (event: Event) => {
    const box = (event.currentTarget as HTMLInputElement).closest('.choices') as HTMLElement;
    const checked = [...box.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
    c.save(multiple ? (checked.length > 0 ? checked : null) : (checked[0] ?? null));
  };
  return html`<div class="choices" id=${c.id} role=${multiple ? 'group' : 'radiogroup'}
    aria-labelledby=${`${c.id}-label`} aria-describedby=${c.describedBy}>
    ${list.map(
      (choice) => html`<label class="choice"><input type=${multiple ? 'checkbox' : 'radio'} name=${c.id}
        value=${choice.name} .checked=${selected.has(choice.name)} ?disabled=${c.disabled}
        @change=${changed} /> ${pickLabel(choice.label, c.form.defaultLanguage)}</label>`,
    )}
  </div>`;
}

function geopoint(c: FieldInputContext): TemplateResult {
  const point = (c.value ?? undefined) as GeoPoint | undefined;
  const part = (key: keyof GeoPoint) => (point?.[key] === undefined ? '' : String(point[key]));
  const changed = (event: Event) => {
    const box = (event.currentTarget as HTMLElement).closest('.geopoint') as HTMLElement;
    const read = (name: string) =>
      box.querySelector<HTMLInputElement>(`[data-part=${name}]`)?.value.trim() ?? '';
    const [lat, lon, alt, accuracy] = ['lat', 'lon', 'alt', 'accuracy'].map(read) as [
      string,
      string,
      string,
      string,
    ];
    if (lat === '' && lon === '') return c.save(null);
    if (lat === '' || lon === '') return c.reject('enter both latitude and longitude');
    const rest = accuracy === '' ? (alt === '' ? '' : alt) : `${alt === '' ? '0' : alt} ${accuracy}`;
    fromText(c, `${lat} ${lon} ${rest}`);
  };
  const input = (name: keyof GeoPoint, label: string) =>
    html`<label>${label} <input type="number" step="any" inputmode="decimal" data-part=${name}
      .value=${part(name)} ?disabled=${c.disabled} @change=${changed} /></label>`;
  return html`<div class="geopoint" id=${c.id} role="group" aria-labelledby=${`${c.id}-label`}
    aria-describedby=${c.describedBy}>
    <button type="button" class="locate" ?disabled=${c.disabled} @click=${c.locate}>Use my location</button>
    <div class="coordinates">
      ${input('lat', 'Latitude')} ${input('lon', 'Longitude')} ${input('alt', 'Altitude (m)')}
      ${input('accuracy', 'Accuracy (m)')}
    </div>
  </div>`;
}

function photo(c: FieldInputContext): TemplateResult {
  const name = typeof c.value === 'string' ? c.value : undefined;
  return html`<div class="photo">
    <input id=${c.id} type="file" accept="image/*" capture="environment" ?disabled=${c.disabled}
      aria-describedby=${c.describedBy} @change=${(e: Event) => {
        const file = (e.currentTarget as HTMLInputElement).files?.[0];
        if (file) c.takePhoto(file);
      }} />
    ${name ? html`<figure><img src=${c.photoUrl ?? nothing} alt="Photo taken" /><figcaption>${name}</figcaption></figure>` : nothing}
  </div>`;
}
