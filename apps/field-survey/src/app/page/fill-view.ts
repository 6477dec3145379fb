/**
 * The form as a field worker fills it: every question the form makes relevant, in order, with its messages;
 * repeats with add and remove; each answer saved as an edit (who, when) the moment it changes. Everything the
 * form decides (relevance, required, constraints, calculations) comes from the engine, evaluated over the
 * stored submission, so what the page shows is what the model holds.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { SubmissionError } from '../../errors.ts';
import {
  type EvaluateOptions,
  evaluateSubmission,
  type ValidationIssue,
} from '../../form/evaluate-submission.ts';
import { valueToText } from '../../form/field-values.ts';
import { indexForm } from '../../form/form-index.ts';
import type { FieldNode, FieldValue, Form, FormNode } from '../../form/form-model.ts';
import { pickLabel } from '../../form/form-model.ts';
import { type Frame, SubmissionScope } from '../../form/form-scope.ts';
import { encodeKey, type FieldPath } from '../../submission/edit-record.ts';
import type { SubmissionView } from '../../submission/submission-view.ts';
import type { OpenForm, SurveySession } from '../survey-session.ts';
import { fieldInput } from './field-input.ts';
import { formatAuthor, formatTime, shortId } from './format.ts';

export interface FillHost {
  readonly session: SurveySession;
  /** Texts typed that are not values of their field (by path), until corrected. */
  readonly fieldErrors: Map<string, string>;
  /** Submissions someone tried to mark complete: required answers are flagged from then on. */
  readonly showRequired: Set<string>;
  photoUrl(open: OpenForm, name: string): string | undefined;
  announce(text: string): void;
  update(): void;
}

type Instances = NonNullable<FieldPath['instances']>;

interface Walk {
  readonly host: FillHost;
  readonly open: OpenForm;
  readonly form: Form;
  readonly view: SubmissionView;
  readonly scope: SubmissionScope;
  readonly issues: ReadonlyMap<string, ValidationIssue>;
  readonly showRequired: boolean;
}

export function evaluate(session: SurveySession, form: Form, view: SubmissionView) {
  const options: EvaluateOptions = { clock: { now: () => new Date(session.now()) } };
  return evaluateSubmission(form, view.values, options);
}

export function fillView(host: FillHost, open: OpenForm, id: string): TemplateResult {
  if (!open.submissions.store(id).has(id))
    return html`<p role="alert">This submission is not on this device.</p>`;
  const view = open.submissions.view(id);
  const form = open.form(view.meta.formVersion);
  if (!form) return html`<p role="alert">Form version ${view.meta.formVersion} has not arrived yet.</p>`;
  const clock = { now: () => new Date(host.session.now()) };
  const { issues } = evaluate(host.session, form, view);
  const walk: Walk = {
    host,
    open,
    form,
    view,
    scope: new SubmissionScope(indexForm(form), view.values, clock),
    issues: new Map(issues.map((issue) => [issue.path, issue])),
    showRequired: host.showRequired.has(id),
  };
  const complete = () => {
    const { issues: now } = evaluate(host.session, form, open.submissions.view(id));
    if (now.length > 0) {
      host.showRequired.add(id);
      host.announce(`${now.length} ${now.length === 1 ? 'answer needs' : 'answers need'} attention`);
      host.update();
      return;
    }
    change(host, () => open.submissions.setStatus(id, 'complete'), 'Marked complete');
  };
  const last = view.lastEdit;
  return html`<article class="fill" aria-labelledby="fill-title">
    <header class="fill-head">
      <h2 id="fill-title">${form.title}</h2>
      <p class="meta">Submission ${shortId(id)} · <span class="status" data-status=${view.status}>${view.status}</span>
        · started by ${formatAuthor(view.meta.createdBy)}, ${formatTime(view.meta.createdAt)}
        ${last ? html` · last edit by ${formatAuthor(last.by)}, ${formatTime(last.at)}` : nothing}</p>
      ${
        view.conflicts.length > 0
          ? html`<p class="warning" role="note">${view.conflicts.length} answer(s) in conflict:
            <a href=${`#/f/${open.id}/review`}>review them</a>.</p>`
          : nothing
      }
    </header>
    <form class="questions" novalidate @submit=${(e: Event) => e.preventDefault()}>
      ${nodes(walk, form.children, [], [], '')}
    </form>
    <footer class="actions">
      <a class="button" href=${`#/f/${open.id}`}>Save draft and close</a>
      ${view.status === 'draft' ? html`<button type="button" class="primary" @click=${complete}>Mark complete</button>` : nothing}
      ${
        view.status === 'complete' && view.conflicts.length === 0
          ? html`<button type="button" class="primary" @click=${() =>
              change(
                host,
                () => open.submissions.setStatus(id, 'reviewed'),
                'Marked reviewed',
              )}>Mark reviewed</button>`
          : nothing
      }
    </footer>
  </article>`;
}

/** Runs a model change; a refusal (a conflict arrived meanwhile, say) is told to the person, never thrown. */
function change(host: FillHost, run: () => void, done?: string): void {
  try {
    run();
    if (done) host.announce(done);
  } catch (error) {
    if (!(error instanceof SubmissionError)) throw error;
    host.announce(error.message);
  }
  host.update();
}

function nodes(w: Walk, list: readonly FormNode[], chain: Frame[], instances: Instances, prefix: string) {
  const out: unknown[] = [];
  for (const node of list) {
    if (node.kind === 'group') {
      const inner = nodes(w, node.children, chain, instances, prefix);
      if (inner.length > 0)
        out.push(html`<fieldset class="group" data-group=${node.name}>
          <legend>${pickLabel(node.label, w.form.defaultLanguage)}</legend>${inner}</fieldset>`);
      continue;
    }
    const flat = w.scope.index.nodes.get(node.name);
    if (!flat || !w.scope.relevant(flat, chain)) continue;
    if (node.kind === 'repeat') out.push(repeat(w, node, chain, instances, prefix));
    else {
      // Keyed: a question keeps its own controls when relevance adds or removes questions before it.
      const rendered = question(w, node, chain, instances, prefix);
      if (rendered) out.push(keyed(prefix + node.name, rendered));
    }
  }
  return out;
}

function repeat(
  w: Walk,
  node: Extract<FormNode, { kind: 'repeat' }>,
  chain: Frame[],
  instances: Instances,
  prefix: string,
): TemplateResult {
  const label = pickLabel(node.label, w.form.defaultLanguage);
  const list = w.scope.instances(node, chain);
  const id = w.view.id;
  return html`<section class="repeat" data-repeat=${node.name} aria-label=${label}>
    ${list.map((instance, index) => {
      const inner: Instances = [...instances, { repeat: node.name, key: instance.key }];
      const path = `${prefix}${node.name}[${index + 1}]/`;
      return keyed(
        instance.key,
        html`<fieldset class="instance" data-instance=${path}>
        <legend>${label} ${index + 1}</legend>
        ${nodes(w, node.children, [...chain, { repeat: node, instance, index }], inner, path)}
        <button type="button" class="remove" @click=${() =>
          change(
            w.host,
            () => w.open.submissions.store(id).removeInstance(id, inner),
            `${label} ${index + 1} removed`,
          )}>
          Remove ${label.toLowerCase()} ${index + 1}</button>
      </fieldset>`,
      );
    })}
    <button type="button" class="add" @click=${() =>
      change(
        w.host,
        () => w.open.submissions.store(id).addInstance(id, node.name, instances),
        `${label} added`,
      )}>
      Add ${label.toLowerCase()}</button>
  </section>`;
}

function question(w: Walk, field: FieldNode, chain: Frame[], instances: Instances, prefix: string) {
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
