/**
 * A form's submissions: mine or the whole team's, newest first, as a virtual list (only the rows in view are
 * built into views and DOM), with a button to start one and the exports.
 */
import { html, type TemplateResult } from 'lit';
import { SubmissionError } from '../../errors.ts';
import { flattenForm } from '../../form/form-model.ts';
import type { IndexRow } from '../submission-index.ts';
import type { OpenForm, SurveySession } from '../survey-session.ts';
import { exportButtons } from './export-buttons.ts';
import { formatAuthor, formatTime, shortId } from './format.ts';
import { virtualList } from './virtual-list.ts';

export interface ListHost {
  readonly session: SurveySession;
  readonly list: { scrollTop: number; filter: 'mine' | 'all' };
  announce(text: string): void;
  navigate(hash: string): void;
  update(): void;
}

export function submissionsView(host: ListHost, open: OpenForm): TemplateResult {
  const form = open.form();
  if (!form) return html`<p role="status">Waiting for the form to arrive from the team…</p>`;
  const device = host.session.author.device;
  const all = open.index.rows();
  const rows = host.list.filter === 'mine' ? all.filter((r) => r.createdBy.device === device) : all;
  const titleField = flattenForm(form).find(
    (f) => f.repeats.length === 0 && f.node.kind === 'field' && f.node.type === 'text',
  )?.node.name;
  const start = () => {
    const id = open.submissions.create(form.version);
    host.navigate(`#/f/${open.id}/s/${id}`);
  };
  const filter = (value: 'mine' | 'all', label: string) =>
    html`<label><input type="radio" name="filter" value=${value} .checked=${host.list.filter === value}
      @change=${() => {
        host.list.filter = value;
        host.list.scrollTop = 0;
        host.update();
      }} /> ${label}</label>`;
  return html`<section class="submissions" aria-labelledby="list-title">
    <header class="list-head">
      <h2 id="list-title">${form.title}</h2>
      <button type="button" class="primary" @click=${start}>New submission</button>
      <a class="button" href=${`#/f/${open.id}/review`}>Review queue</a>
    </header>
    <fieldset class="filter"><legend>Show</legend>${filter('mine', 'My submissions')} ${filter('all', 'Whole team')}</fieldset>
    <p class="count" role="status">${rows.length} submission${rows.length === 1 ? '' : 's'}</p>
    ${virtualList({
      items: rows,
      scrollTop: host.list.scrollTop,
      viewport: Math.max(400, window.innerHeight),
      label: 'Submissions',
      row: (row) => listRow(open, row, titleField),
      onScroll: (top) => {
        host.list.scrollTop = top;
        host.update();
      },
    })}
    ${exportButtons(host, open)}
  </section>`;
}

function listRow(open: OpenForm, row: IndexRow, titleField: string | undefined): TemplateResult {
  let status = '…';
  let conflicts = 0;
  let title = '';
  try {
    const view = open.submissions.view(row.id);
    status = view.status;
    conflicts = view.conflicts.length;
    const value = titleField === undefined ? undefined : view.values[titleField];
    title = typeof value === 'string' ? value : '';
  } catch (error) {
    if (!(error instanceof SubmissionError)) throw error;
  }
  return html`<a class="row-link" href=${`#/f/${open.id}/s/${row.id}`} data-id=${row.id}>
    <span class="row-title">${title || `Submission ${shortId(row.id)}`}</span>
    <span class="row-meta">${formatTime(row.createdAt)} · ${formatAuthor(row.createdBy)}</span>
    <span class="status" data-status=${status}>${status}</span>
    ${conflicts > 0 ? html`<span class="badge-conflict">${conflicts} conflict${conflicts === 1 ? '' : 's'}</span>` : ''}
  </a>`;
}
