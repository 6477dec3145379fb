/** One question of the form being filled: label, hint, input, conflict note and message; photo and location. */
import { html, nothing } from 'lit';
import { valueToText } from '../../form/field-values.ts';
import type { FieldNode, FieldValue } from '../../form/form-model.ts';
import { pickLabel } from '../../form/form-model.ts';
import type { Frame } from '../../form/form-scope.ts';
import { encodeKey } from '../../submission/edit-record.ts';
import { fieldInput } from './field-input.ts';
import { change, type Instances, type Walk } from './fill-walk.ts';

export function question(w: Walk, field: FieldNode, chain: Frame[], instances: Instances, prefix: string) {
  const label = pickLabel(field.label, w.form.defaultLanguage);
  const path = prefix + field.name;
  const id = `q-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (field.type === 'note') return html`<p class="note" data-path=${path} role="note">${label}</p>`;
  const flat = w.scope.index.nodes.get(field.name);
  if (field.type === 'calculate') {
    if (!label || !flat) return undefined;
    const value = w.scope.value(flat, chain);
    return html`<p class="calculated" data-path=${path}>${label}: <output>${String(value)}</output></p>`;
  }
  const key = encodeKey({ instances, name: field.name });
  const state = w.view.fields.get(key);
  const value = w.scope.valuesAt(chain)[field.name] as FieldValue | undefined;
  const issue = w.issues.get(path);
  const local = w.host.fieldErrors.get(path);
  const shown = local ?? (issue && (issue.code !== 'required' || w.showRequired) ? issue.message : undefined);
  const hint = pickLabel(field.hint, w.form.defaultLanguage);
  const save = (next: FieldValue) => {
    w.host.fieldErrors.delete(path);
    change(w.host, () =>
      w.open.submissions.store(w.view.id).update(w.view.id, [[{ instances, name: field.name }, next]]),
    );
  };
  const required = field.required !== undefined && field.required !== 'false()';
  return html`<div class="question" data-path=${path} data-type=${field.type} ?data-invalid=${shown !== undefined}>
    <label id=${`${id}-label`} for=${id}>${label}${required ? html`<span class="required" aria-label="required"> *</span>` : nothing}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
    ${fieldInput({
      form: w.form,
      field,
      id,
      value,
      disabled: state?.conflict === true,
      describedBy: hint ? `${id}-hint ${id}-message` : `${id}-message`,
      save,
      reject: (reason) => {
        w.host.fieldErrors.set(path, reason);
        w.host.update();
      },
      takePhoto: (file) => takePhoto(w, file, save),
      locate: () => locate(w, save),
      ...(field.type === 'photo' && typeof value === 'string'
        ? { photoUrl: w.host.photoUrl(w.open, value) }
        : {}),
    })}
    ${
      state?.conflict
        ? html`<p class="conflict" role="note">In conflict: ${state.current.map((e) => valueToText(e.v as FieldValue)).join(' / ')}
          — <a href=${`#/f/${w.open.id}/review`}>choose in the review queue</a></p>`
        : nothing
    }
    <p class="message" id=${`${id}-message`} role=${shown ? 'alert' : nothing}>${shown ?? ''}</p>
  </div>`;
}

async function takePhoto(w: Walk, file: File, save: (value: FieldValue) => void): Promise<void> {
  try {
    const name = await w.open.photos.savePhoto(new Uint8Array(await file.arrayBuffer()), file.type);
    save(name);
  } catch (error) {
    w.host.announce(`The photo could not be kept: ${(error as Error).message}`);
  }
}

function locate(w: Walk, save: (value: FieldValue) => void): void {
  if (!('geolocation' in navigator)) {
    w.host.announce('This device cannot tell its location: type the coordinates.');
    return;
  }
  w.host.announce('Finding the location…');
  navigator.geolocation.getCurrentPosition(
    ({ coords }) =>
      save({
        lat: coords.latitude,
        lon: coords.longitude,
        ...(coords.altitude === null ? {} : { alt: coords.altitude }),
        accuracy: coords.accuracy,
      }),
    (error) => w.host.announce(`No location (${error.message}): type the coordinates.`),
    { enableHighAccuracy: true, timeout: 30_000 },
  );
}
