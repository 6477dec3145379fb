/**
 * The coordinator's page: asks for a token (kept in sessionStorage: this tab only), then shows the server's
 * forms, the submissions table with filters and pages, open conflicts, devices' last contact, the map and the
 * exports, all through the JSON endpoints of `offgrid serve` with `Authorization: Bearer`.
 */
import { Api, ApiError } from './api.ts';
import { h, replace } from './dom.ts';
import { drawMap, type Point } from './map-view.ts';
import {
  conflictList,
  detailPanel,
  deviceTable,
  filterControls,
  problemsTable,
  submissionsTable,
} from './panels.ts';
import type { ConflictRow, Detail, Device, FormInfo, Page } from './types.ts';

const KEY = 'offgrid-coordinator-token';
const PAGE = 50;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function start(): void {
  const token = sessionStorage.getItem(KEY);
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    location.reload();
  });
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $<HTMLInputElement>('token').value.trim();
    if (!(await open(new Api(value)))) return;
    sessionStorage.setItem(KEY, value);
  });
  if (token) void open(new Api(token));
  else $('login').hidden = false;
}

async function open(api: Api): Promise<boolean> {
  let forms: FormInfo[];
  try {
    forms = (await api.json<{ forms: FormInfo[] }>('/api/forms')).forms;
  } catch (error) {
    sessionStorage.removeItem(KEY);
    $('login').hidden = false;
    $('login-error').textContent =
      error instanceof ApiError && error.status === 401
        ? 'The server does not accept this token.'
        : String(error);
    return false;
  }
  $('login').hidden = true;
  $('sign-out').hidden = false;
  new Coordinator(api, $('app')).show(forms);
  return true;
}

class Coordinator {
  private readonly api: Api;
  private readonly root: HTMLElement;
  private form = '';
  private offset = 0;
  private readonly select = h('select', { id: 'form-select', 'aria-label': 'Form' });
  private readonly filters = h('form', { id: 'filters', class: 'toolbar' });
  private readonly table = h('div', { id: 'submissions' });
  private readonly conflicts = h('div', { id: 'conflicts' });
  private readonly devices = h('div', { id: 'devices' });
  private readonly map = h('div', { id: 'map' });
  private readonly detail = h('div', { id: 'detail' }, h('p', { class: 'muted' }, 'Pick a row or a point.'));
  private readonly exports = h('p', { class: 'exports', id: 'exports' });
  private readonly problems = h('div', { id: 'upload-result', role: 'status' });

  constructor(api: Api, root: HTMLElement) {
    this.api = api;
    this.root = root;
  }

  show(forms: FormInfo[]): void {
    this.root.hidden = false;
    this.listForms(forms);
    const upload = h('input', { type: 'file', id: 'upload', accept: '.xlsx', 'aria-label': 'XLSForm file' });
    this.buildFilters();
    replace(
      this.root,
      h(
        'section',
        {},
        h('h2', {}, 'Forms'),
        h(
          'div',
          { class: 'toolbar' },
          h('label', {}, 'Form', this.select),
          upload,
          h(
            'button',
            { type: 'button', id: 'upload-button', onclick: () => void this.upload(upload) },
            'Upload XLSForm',
          ),
        ),
        this.problems,
        this.exports,
      ),
      h(
        'div',
        { class: 'grid' },
        h('section', {}, h('h2', {}, 'Submissions'), this.filters, this.table),
        h(
          'div',
          {},
          h('section', {}, h('h2', {}, 'Map'), this.map),
          h('section', {}, h('h2', {}, 'Submission'), this.detail),
        ),
      ),
      h(
        'div',
        { class: 'grid' },
        h(
          'section',
          {},
          h('h2', {}, 'Conflicts still open'),
          h(
            'p',
            { class: 'muted' },
            'Resolved in the team’s review queue on a device; shown here read-only.',
          ),
          this.conflicts,
        ),
        h('section', {}, h('h2', {}, 'Devices'), this.devices),
      ),
    );
    this.select.addEventListener('change', () => void this.pick(this.select.value));
    if (forms[0]) void this.pick(forms[0].id);
  }

  private listForms(forms: FormInfo[]): void {
    replace(
      this.select,
      ...forms.map((f) => h('option', { value: f.id }, `${f.title} (${f.id} v${f.version})`)),
    );
    if (this.form) this.select.value = this.form;
  }

  private buildFilters(): void {
    replace(this.filters, ...filterControls());
    this.filters.addEventListener('submit', (event) => {
      event.preventDefault();
      this.offset = 0;
      void this.refresh();
    });
  }

  private query(): URLSearchParams {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(this.filters))
      if (typeof value === 'string' && value.trim()) params.set(name, value.trim());
    return params;
  }

  private async pick(id: string): Promise<void> {
    this.form = id;
    this.select.value = id;
    this.offset = 0;
    const base = `/api/forms/${encodeURIComponent(id)}`;
    replace(
      this.exports,
      'Export: ',
      ...(['csv', 'geojson', 'zip'] as const).map((format) =>
        h(
          'a',
          {
            href: `${base}/export.${format}`,
            id: `export-${format}`,
            'data-file': `${id}.${format}`,
            onclick: (event) => {
              event.preventDefault();
              void this.download(`${base}/export.${format}`, `${id}.${format}`);
            },
          },
          format.toUpperCase(),
        ),
      ),
    );
    await this.refresh();
  }

  /** A download through fetch (the token goes in a header, never in a URL), saved from a blob URL. */
  private async download(path: string, name: string): Promise<void> {
    try {
      const url = URL.createObjectURL(await this.api.blob(path));
      const link = h('a', { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      replace(this.problems, h('p', { class: 'error' }, `Export failed: ${(error as Error).message}`));
    }
  }

  private async upload(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return replace(this.problems, h('p', { class: 'error' }, 'Choose an .xlsx file first.'));
    try {
      const { id, version } = await this.api.upload(file);
      replace(this.problems, h('p', {}, `Form ${id} version ${version} is on the server.`));
      this.listForms((await this.api.json<{ forms: FormInfo[] }>('/api/forms')).forms);
    } catch (error) {
      const problems = error instanceof ApiError ? (error.body.problems ?? []) : [];
      replace(
        this.problems,
        h('p', { class: 'error' }, `Refused: ${(error as Error).message}`),
        problems.length ? problemsTable(problems) : null,
      );
    }
  }

  private async refresh(): Promise<void> {
    const base = `/api/forms/${encodeURIComponent(this.form)}`;
    const params = this.query();
    const paged = new URLSearchParams(params);
    paged.set('offset', String(this.offset));
    paged.set('limit', String(PAGE));
    try {
      const [page, points, conflicts, devices] = await Promise.all([
        this.api.json<Page>(`${base}/submissions?${paged}`),
        this.api.json<{ points: Point[]; total: number; truncated: boolean }>(`${base}/points?${params}`),
        this.api.json<{ total: number; rows: ConflictRow[] }>(`${base}/conflicts?limit=100`),
        this.api.json<{ devices: Device[] }>(`/api/devices?form=${encodeURIComponent(this.form)}`),
      ]);
      this.drawTable(page);
      replace(
        this.map,
        drawMap(points.points, (id) => void this.showDetail(id)),
        h(
          'p',
          { class: 'muted', id: 'map-count' },
          `${points.points.length} of ${points.total} points${points.truncated ? ' (truncated)' : ''}`,
        ),
      );
      this.drawConflicts(conflicts);
      this.drawDevices(devices.devices);
    } catch (error) {
      replace(this.table, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  }

  private drawTable(page: Page): void {
    const move = (step: -1 | 1) => {
      this.offset = Math.max(0, this.offset + step * PAGE);
      void this.refresh();
    };
    replace(this.table, ...submissionsTable(page, (id) => void this.showDetail(id), move));
  }

  private drawConflicts(conflicts: { total: number; rows: ConflictRow[] }): void {
    replace(this.conflicts, ...conflictList(conflicts, (id) => void this.showDetail(id)));
  }

  private drawDevices(devices: Device[]): void {
    replace(this.devices, deviceTable(devices));
  }

  private async showDetail(id: string): Promise<void> {
    for (const el of document.querySelectorAll('.selected')) el.classList.remove('selected');
    for (const el of document.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add('selected');
    try {
      const d = await this.api.json<Detail>(
        `/api/forms/${encodeURIComponent(this.form)}/submissions/${encodeURIComponent(id)}`,
      );
      replace(this.detail, ...detailPanel(d));
    } catch (error) {
      replace(this.detail, h('p', { class: 'error' }, (error as Error).message));
    }
  }
}

start();
