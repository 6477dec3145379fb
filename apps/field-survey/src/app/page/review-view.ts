/**
 * The review queue: every submission with answers in conflict (the same field edited on two devices) shows each
 * value with who typed it and when; the reviewer picks one or types another, and the choice is written through
 * the model (`resolve`), so it syncs like any edit. Submissions edited after their review come back here too.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { SubmissionError } from '../../errors.ts';
import { parseFieldValue } from '../../form/field-values.ts';
import { indexForm } from '../../form/form-index.ts';
import { type FieldNode, type FieldValue, type Form, pickLabel } from '../../form/form-model.ts';
import { instanceOf } from '../../submission/edit-record.ts';
import type { Conflict } from '../../submission/submission-view.ts';
import type { OpenForm } from '../survey-session.ts';
import { formatAuthor, formatTime, formatValue, shortId } from './format.ts';

export interface ReviewHost {
  announce(text: string): void;
  update(): void;
}

/** Complete submissions shown at once for marking reviewed; the rest follow as these are done. */
const AWAITING_SHOWN = 20;

export function reviewView(host: ReviewHost, open: OpenForm): TemplateResult {
  const queue = open.submissions.reviewQueue();
  const awaiting = awaitingReview(open);
  return html`<section class="review" aria-labelledby="review-title">
    <header class="list-head">
      <h2 id="review-title">Review queue</h2>
      <a class="button" href=${`#/f/${open.id}`}>Back to submissions</a>
    </header>
    <p role="status" class="count">${queue.length === 0 ? 'Nothing to review.' : `${queue.length} submission(s) need a reviewer`}</p>
    ${queue.map((item) => {
      const view = open.submissions.view(item.id);
      const form = open.form(view.meta.formVersion) ?? open.form();
      return html`<article class="review-item" data-id=${item.id} aria-label=${`Submission ${shortId(item.id)}`}>
        <h3><a href=${`#/f/${open.id}/s/${item.id}`}>Submission ${shortId(item.id)}</a>
          <span class="status" data-status=${view.status}>${view.status}</span></h3>
        ${form ? item.conflicts.map((conflict) => conflictView(host, open, form, item.id, conflict)) : nothing}
        ${
          item.reviewStale && item.conflicts.length === 0
            ? html`<p>Edited after its review.</p>
              <button type="button" class="primary mark-reviewed" @click=${() =>
                act(
                  host,
                  () => open.submissions.setStatus(item.id, 'reviewed'),
                  'Marked reviewed',
                )}>Mark reviewed</button>`
            : nothing
        }
      </article>`;
    })}
    <h3 class="awaiting-title">Complete, awaiting review</h3>
    <p class="awaiting-count">${awaiting.length} complete submission${awaiting.length === 1 ? '' : 's'} not reviewed yet</p>
    <ul class="awaiting">
      ${awaiting.slice(0, AWAITING_SHOWN).map(
        (id) => html`<li data-id=${id}><a href=${`#/f/${open.id}/s/${id}`}>Submission ${shortId(id)}</a>
          <button type="button" class="mark-reviewed" @click=${() =>
            act(
              host,
              () => open.submissions.setStatus(id, 'reviewed'),
              `Submission ${shortId(id)} marked reviewed`,
            )}>
            Mark reviewed</button></li>`,
      )}
    </ul>
  </section>`;
}

/** Complete submissions without conflicts, oldest first (views are cached by the model after the first pass). */
function awaitingReview(open: OpenForm): string[] {
  const out: string[] = [];
  const rows = open.index.rows();
  for (let i = rows.length - 1; i >= 0; i--) {
    const id = (rows[i] as (typeof rows)[number]).id;
    try {
      const view = open.submissions.view(id);
      if (view.status === 'complete' && view.conflicts.length === 0 && !view.reviewStale) out.push(id);
    } catch (error) {
      if (!(error instanceof SubmissionError)) throw error;
    }
  }
  return out;
}

function conflictView(
  host: ReviewHost,
  open: OpenForm,
  form: Form,
  id: string,
  conflict: Conflict,
): TemplateResult {
  // A repeat instance removed on one device while edited on another: keep it or remove it.
  const instance = instanceOf(conflict.key) !== undefined;
  const name = conflict.key.slice(conflict.key.lastIndexOf('/') + 1);
  const node = indexForm(form).nodes.get(name)?.node;
  const field = node?.kind === 'field' ? (node as FieldNode) : undefined;
  const group = `c-${id}-${conflict.key}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const label = field ? pickLabel(field.label, form.defaultLanguage) || name : conflict.path;
  const resolve = (event: Event) => {
    const box = (event.currentTarget as HTMLElement).closest('.conflict-choice') as HTMLElement;
    const picked = box.querySelector<HTMLInputElement>('input[type=radio]:checked');
    if (!picked) return host.announce('Pick a value, or type another');
    let value: FieldValue | boolean;
    if (picked.value === 'typed') {
      const typed = box.querySelector<HTMLInputElement>('input.typed')?.value ?? '';
      if (!field) return host.announce('This answer cannot be typed: pick one of the values');
      const checked = parseFieldValue(field, typed, form);
      if (!checked.ok) return host.announce(checked.reason);
      value = checked.value;
    } else value = (conflict.values[Number(picked.value)] as Conflict['values'][number]).value;
    act(host, () => open.submissions.resolve(id, conflict.key, value), `${label}: resolved`);
  };
  return html`<fieldset class="conflict-choice" data-key=${conflict.key}>
    <legend>${instance ? `${conflict.path}: removed on one device while edited on another` : `${label} (${conflict.path})`}</legend>
    ${conflict.values.map(
      (v, i) => html`<label class="conflict-value"><input type="radio" name=${group} value=${String(i)} />
        <strong class="value">${instance ? (v.value === null ? 'Remove it' : 'Keep it') : formatValue(v.value, field, form)}</strong>
        <span class="by">${formatAuthor(v.by)}</span>, <time datetime=${new Date(v.at).toISOString()}>${formatTime(v.at)}</time></label>`,
    )}
    ${
      instance || !field
        ? nothing
        : html`<label class="conflict-value"><input type="radio" name=${group} value="typed" /> Another value:
          <input type="text" class="typed" aria-label=${`Another value for ${label}`} @focus=${(e: Event) => {
            const radio = (e.currentTarget as HTMLElement)
              .closest('label')
              ?.querySelector<HTMLInputElement>('input[type=radio]');
            if (radio) radio.checked = true;
          }} /></label>`
    }
    <button type="button" class="primary resolve" @click=${resolve}>Use this value</button>
  </fieldset>`;
}

function act(host: ReviewHost, run: () => void, done: string): void {
  try {
    run();
    host.announce(done);
  } catch (error) {
    if (!(error instanceof SubmissionError)) throw error;
    host.announce(error.message);
  }
  host.update();
}
