/** The page's panels as DOM nodes, from the endpoints' JSON: no state, no calls. */
import { type Child, h, when } from './dom.ts';
import type { ConflictRow, Detail, Device, Page, Problem } from './types.ts';

/** The filter controls of the submissions table (named as the endpoint's parameters). */
export function filterControls(): Child[] {
  const input = (name: string, label: string, type = 'text') =>
    h('label', {}, label, h('input', { name, type, id: `filter-${name}` }));
  return [
    h(
      'label',
      {},
      'Status',
      h(
        'select',
        { name: 'status', id: 'filter-status' },
        h('option', { value: '' }, 'any'),
        h('option', { value: 'draft' }, 'draft'),
        h('option', { value: 'complete' }, 'complete'),
        h('option', { value: 'reviewed' }, 'reviewed'),
      ),
    ),
    h(
      'label',
      {},
      'Conflict',
      h(
        'select',
        { name: 'conflict', id: 'filter-conflict' },
        h('option', { value: '' }, 'any'),
        h('option', { value: '1' }, 'in conflict'),
        h('option', { value: '0' }, 'none'),
      ),
    ),
    input('device', 'Device'),
    input('person', 'Person'),
    input('from', 'From', 'date'),
    input('to', 'To', 'date'),
    input('q', 'Text', 'search'),
    h('button', { type: 'submit' }, 'Filter'),
  ];
}

/** The problems of a refused XLSForm: sheet, row, column, reason. */
export function problemsTable(problems: readonly Problem[]): Node {
  return h(
    'table',
    { class: 'problems' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Sheet'), h('th', {}, 'Row'), h('th', {}, 'Column'), h('th', {}, 'Reason')),
    ),
    h(
      'tbody',
      {},
      ...problems.map((p) =>
        h(
          'tr',
          {},
          h('td', {}, p.sheet),
          h('td', {}, p.row ?? ''),
          h('td', {}, p.column ?? ''),
          h('td', {}, p.reason),
        ),
      ),
    ),
  );
}

/** A page of the table and its pager; `onPick` opens a submission, `onPage` moves by a page (-1, +1). */
export function submissionsTable(
  page: Page,
  onPick: (id: string) => void,
  onPage: (step: -1 | 1) => void,
): Child[] {
  const head = h(
    'tr',
    {},
    h('th', {}, 'Created'),
    h('th', {}, 'By'),
    h('th', {}, 'Status'),
    ...page.columns.map((c) => h('th', {}, c.label)),
    h('th', {}, 'Last edit'),
  );
  const rows = page.rows.map((r) => {
    const tr = h(
      'tr',
      { 'data-id': r.id, tabindex: '0' },
      h('td', {}, when(r.createdAt)),
      h('td', {}, `${r.createdBy.person} (${r.createdBy.device})`),
      h(
        'td',
        {},
        h('span', { class: `badge ${r.status}` }, r.status),
        r.conflicts ? h('span', { class: 'badge conflict' }, `${r.conflicts} in conflict`) : null,
      ),
      ...page.columns.map((c) => h('td', {}, r.values[c.name] ?? '')),
      h('td', {}, r.lastEdit ? `${when(r.lastEdit.at)} ${r.lastEdit.by.device}` : ''),
    );
    tr.addEventListener('click', () => onPick(r.id));
    return tr;
  });
  const last = Math.min(page.offset + page.limit, page.total);
  return [
    h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows)),
    h(
      'div',
      { class: 'pager' },
      h(
        'button',
        {
          type: 'button',
          id: 'prev',
          disabled: page.offset === 0,
          onclick: () => onPage(-1),
        },
        'Previous',
      ),
      h(
        'span',
        { id: 'range' },
        page.total ? `${page.offset + 1}–${last} of ${page.total}` : 'No submissions match',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'next',
          disabled: last >= page.total,
          onclick: () => onPage(1),
        },
        'Next',
      ),
    ),
  ];
}

/** The open conflicts, each value with who and when; `onPick` opens a submission. */
export function conflictList(
  conflicts: { total: number; rows: ConflictRow[] },
  onPick: (id: string) => void,
): Child[] {
  if (conflicts.total === 0) return [h('p', { class: 'muted' }, 'None.')];
  return [
    h(
      'ul',
      { class: 'conflict-list' },
      ...conflicts.rows.map((row) =>
        h(
          'li',
          { 'data-id': row.id },
          h(
            'a',
            {
              href: '#',
              onclick: (e) => {
                e.preventDefault();
                onPick(row.id);
              },
            },
            row.id,
          ),
          ...row.fields.map((f) =>
            h(
              'div',
              {},
              h('strong', {}, f.path),
              ': ',
              ...f.values.map((v, i) =>
                h(
                  'span',
                  {},
                  i ? ' vs ' : '',
                  `“${v.value}” — ${v.by.person} (${v.by.device}), ${when(v.at)}`,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    conflicts.total > conflicts.rows.length
      ? h('p', { class: 'muted' }, `and ${conflicts.total - conflicts.rows.length} more`)
      : null,
  ];
}

/** Each device's last contact (server clock) and newest edit (device clock). */
export function deviceTable(devices: Device[]): Node {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Device'),
        h('th', {}, 'People'),
        h('th', {}, 'Created'),
        h(
          'th',
          { title: 'When the server last received data written on the device (server clock)' },
          'Last contact',
        ),
        h('th', { title: 'The newest edit, by the device’s own clock' }, 'Newest edit'),
      ),
    ),
    h(
      'tbody',
      {},
      ...devices.map((d) =>
        h(
          'tr',
          { 'data-device': d.device },
          h('td', {}, d.device),
          h('td', {}, d.persons.join(', ')),
          h('td', {}, d.created),
          h('td', {}, when(d.lastReceivedAt)),
          h('td', {}, when(d.lastEditAt)),
        ),
      ),
    ),
  );
}

/** One submission: status, author, conflicts, answers. */
export function detailPanel(d: Detail): Child[] {
  return [
    h(
      'p',
      {},
      h('strong', { id: 'detail-id' }, d.id),
      ` · ${d.status} · v${d.formVersion} · ${d.createdBy.person} (${d.createdBy.device}), ${when(d.createdAt)}`,
    ),
    ...d.conflicts.map((c) =>
      h(
        'p',
        { class: 'error' },
        `${c.path} in conflict: ${c.values.map((v) => `“${v.value}” (${v.by.device})`).join(' vs ')}`,
      ),
    ),
    h('dl', {}, ...d.answers.flatMap((a) => [h('dt', {}, a.label), h('dd', {}, a.value)])),
  ];
}
