/**
 * The form as a field worker fills it: every question the form makes relevant, in order, with its messages;
 * repeats with add and remove; each answer saved as an edit (who, when) the moment it changes. Everything the
 * form decides (relevance, required, constraints, calculations) comes from the engine, evaluated over the
 * stored submission, so what the page shows is what the model holds.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { indexForm } from '../../form/form-index.ts';
import { type FormNode, pickLabel } from '../../form/form-model.ts';
import { type Frame, SubmissionScope } from '../../form/form-scope.ts';
import type { OpenForm } from '../survey-session.ts';
import { change, evaluate, type FillHost, type Instances, type Walk } from './fill-walk.ts';
import { formatAuthor, formatTime, shortId } from './format.ts';
import { question } from './question-view.ts';

export type { FillHost } from './fill-walk.ts';

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
