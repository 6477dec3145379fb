import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as Y from 'yjs';
import { type CoordinatorFixture, coordinatorFixture, FIXTURE_START } from './testing/coordinator-fixture.ts';

interface Page {
  total: number;
  offset: number;
  limit: number;
  columns: { name: string; label: string }[];
  rows: {
    id: string;
    status: string;
    conflicts: number;
    createdBy: { device: string };
    values: Record<string, string>;
  }[];
}

describe('coordinator endpoints of offgrid serve, over submissions three devices synced', () => {
  let f: CoordinatorFixture;
  const get = (path: string, token?: string) =>
    fetch(`${f.base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const json = async <T>(path: string, token = 'coord', status = 200): Promise<T> => {
    const response = await get(path, token);
    assert.equal(response.status, status, `${path}: ${response.status}`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    return (await response.json()) as T;
  };

  before(async () => {
    f = await coordinatorFixture({ connectAll: false });
  });
  after(() => f?.close());

  it('401 without, with an unknown or an expired token; 403 outside the token prefixes', async () => {
    const paths = [
      '/api/forms',
      '/api/devices',
      '/api/forms/household_needs/submissions',
      '/api/forms/household_needs/points',
      '/api/forms/household_needs/conflicts',
      '/api/forms/household_needs/submissions/tablet-a-0',
    ];
    for (const path of paths)
      for (const token of [undefined, 'nobody', 'expired']) {
        const response = await get(path, token);
        assert.equal(response.status, 401, `${path} with ${token}`);
        assert.equal(response.headers.get('www-authenticate'), 'Bearer');
        assert.ok(
          ['token-missing', 'token-unknown', 'token-expired'].includes(
            ((await response.json()) as { error: string }).error,
          ),
        );
      }
    for (const path of paths.slice(2)) {
      const response = await get(path, 'water-only');
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), { error: 'outside-prefixes' });
    }
    assert.equal((await get('/api/devices?form=household_needs', 'water-only')).status, 403);
  });

  it('GET /api/forms lists the forms the token may read', async () => {
    const all = await json<{ forms: { id: string; title: string; version: string; versions: string[] }[] }>(
      '/api/forms',
    );
    assert.deepEqual(
      all.forms.map((x) => x.id),
      ['household_needs', 'water_point'],
    );
    assert.equal(all.forms[0]?.title, 'Household needs assessment');
    assert.deepEqual(all.forms[0]?.versions, ['2026120101']);
    const viewer = await json<{ forms: { id: string }[] }>('/api/forms', 'viewer');
    assert.deepEqual(
      viewer.forms.map((x) => x.id),
      ['household_needs'],
    );
    const del = await fetch(`${f.base}/api/forms`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer coord' },
    });
    assert.equal(del.status, 405);
    assert.equal(del.headers.get('allow'), 'GET, POST');
  });

  it('pages through the submissions, newest first, with a total', async () => {
    const first = await json<Page>('/api/forms/household_needs/submissions?limit=4', 'viewer');
    assert.equal(first.total, 9, 'tablet-a 5 + tablet-b 4 (phone-c not synced yet)');
    assert.equal(first.rows.length, 4);
    assert.deepEqual(first.columns.map((c) => c.name).slice(0, 1), ['visit_date']);
    const second = await json<Page>('/api/forms/household_needs/submissions?limit=4&offset=4');
    const third = await json<Page>('/api/forms/household_needs/submissions?limit=4&offset=8');
    assert.equal(third.rows.length, 1);
    const ids = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    assert.equal(new Set(ids).size, 9, 'pages do not overlap');
    const oldest = await json<Page>('/api/forms/household_needs/submissions?sort=created&limit=1');
    assert.equal(oldest.rows[0]?.id, 'tablet-a-0');
  });

  it('filters by status, conflict, device, person, date range and free text', async () => {
    const ids = async (query: string) =>
      (await json<Page>(`/api/forms/household_needs/submissions?${query}`)).rows.map((r) => r.id).sort();
    assert.deepEqual(await ids('status=complete'), ['tablet-a-0', 'tablet-b-0']);
    assert.deepEqual(await ids('conflict=1'), ['tablet-a-1']);
    assert.equal((await ids('conflict=0')).length, 8);
    assert.deepEqual(await ids('device=tablet-b'), [
      'tablet-a-1',
      'tablet-b-0',
      'tablet-b-1',
      'tablet-b-2',
      'tablet-b-3',
    ]);
    assert.deepEqual(await ids('person=Awa&status=draft'), [
      'tablet-a-1',
      'tablet-a-2',
      'tablet-a-3',
      'tablet-a-4',
    ]);
    assert.deepEqual(await ids('from=2026-11-22&to=2026-11-22'), ['tablet-a-2', 'tablet-b-2']);
    const day2 = new Date(FIXTURE_START + 86_400_000).toISOString();
    assert.deepEqual(await ids(`from=${encodeURIComponent(day2)}&to=2026-11-21`), [
      'tablet-a-1',
      'tablet-a-4',
      'tablet-b-1',
    ]);
    assert.deepEqual(await ids('q=OUÉDRAOGO'), ['tablet-a-1']);
    assert.deepEqual(await ids('q=respondent%203,'), ['tablet-a-3']);
    const conflicted = await json<Page>('/api/forms/household_needs/submissions?conflict=1');
    assert.equal(conflicted.rows[0]?.conflicts, 1);
  });

  it('bad queries are 400 with a typed JSON error naming the parameter', async () => {
    const cases: [string, string, string?][] = [
      ['limit=0', 'query-invalid', 'limit'],
      ['limit=501', 'query-invalid', 'limit'],
      ['offset=-1', 'query-invalid', 'offset'],
      ['status=lost', 'query-invalid', 'status'],
      ['conflict=yes', 'query-invalid', 'conflict'],
      ['from=2026-02-30', 'query-invalid', 'from'],
      ['from=2026-11-23&to=2026-11-21', 'query-invalid', 'from'],
      ['sort=name', 'query-invalid', 'sort'],
      ['colour=red', 'query-invalid', 'colour'],
      ['q=a&q=b', 'query-invalid', 'q'],
      [`q=${'x'.repeat(201)}`, 'query-invalid', 'q'],
      [`q=${'x'.repeat(3000)}`, 'query-too-long'],
    ];
    for (const [query, error, param] of cases) {
      const body = await json<{ error: string; param?: string; message: string }>(
        `/api/forms/household_needs/submissions?${query}`,
        'coord',
        400,
      );
      assert.equal(body.error, error, query);
      assert.equal(body.param, param, query);
      assert.ok(body.message.length > 0);
    }
    await json('/api/forms/household_needs/conflicts?status=draft', 'coord', 400);
    await json('/api/forms/household_needs/submissions/tablet-a-0?x=1', 'coord', 400);
    await json('/api/devices?since=1', 'coord', 400);
    await json('/api/devices?form=../x', 'coord', 400);
    await json('/api/forms/nothing/submissions', 'coord', 404);
    await json('/api/forms/household_needs/submissions/nope', 'coord', 404);
    await json('/api/forms/household_needs/submissions/%E0%A4%A', 'coord', 404);
    assert.equal((await fetch(`${f.base}/healthz`)).status, 200);
  });

  it('open conflicts list every competing value with its author and time; a submission shows its answers', async () => {
    const conflicts = await json<{
      total: number;
      rows: {
        id: string;
        fields: { path: string; values: { value: string; by: { device: string }; at: number }[] }[];
      }[];
    }>('/api/forms/household_needs/conflicts', 'viewer');
    assert.equal(conflicts.total, 1);
    const field = conflicts.rows[0]?.fields[0];
    assert.equal(conflicts.rows[0]?.id, 'tablet-a-1');
    assert.equal(field?.path, 'respondent_name');
    assert.deepEqual(field?.values.map((v) => [v.value, v.by.device, v.at]).sort(), [
      ['Aminata Ouedraogo', 'tablet-b', FIXTURE_START + 2 * 86_400_000 + 5000],
      ['Aminata Ouédraogo', 'tablet-a', FIXTURE_START + 2 * 86_400_000],
    ]);
    const detail = await json<{
      id: string;
      answers: { name: string; value: string }[];
      conflicts: unknown[];
    }>('/api/forms/household_needs/submissions/tablet-b-2');
    assert.equal(detail.answers.find((a) => a.name === 'members')?.value, '4 entries');
    assert.equal(detail.conflicts.length, 0);
  });

  it('points: one per submission with a geopoint, filtered like the table', async () => {
    const all = await json<{
      geopoint: string;
      total: number;
      points: { id: string; lat: number; lon: number }[];
    }>('/api/forms/household_needs/points');
    assert.equal(all.geopoint, 'location');
    assert.equal(all.points.length, 9);
    assert.ok(all.points.every((p) => Math.abs(p.lat - 12.1) < 0.2 && Math.abs(p.lon + 1.5) < 0.2));
    const b = await json<{ points: unknown[] }>('/api/forms/household_needs/points?device=tablet-b&limit=2');
    assert.equal(b.points.length, 2);
    await json('/api/forms/household_needs/points?limit=20001', 'coord', 400);
  });

  it('devices: last contact from the server log, also for a device whose data a teammate carried', async () => {
    type Devices = {
      devices: {
        device: string;
        persons: string[];
        created: number;
        lastEditAt: number;
        lastReceivedAt?: number;
      }[];
    };
    const before = await json<Devices>('/api/devices?form=household_needs', 'viewer');
    assert.deepEqual(before.devices.map((d) => d.device).sort(), ['tablet-a', 'tablet-b']);
    const a = before.devices.find((d) => d.device === 'tablet-a');
    assert.equal(a?.created, 5);
    assert.deepEqual(a?.persons, ['Awa']);
    assert.equal(a?.lastEditAt, FIXTURE_START + 2 * 86_400_000);
    assert.ok(a?.lastReceivedAt && a.lastReceivedAt > Date.now() - 60_000, 'received within the test');
    // phone-c never reaches the server: tablet-b takes its documents (LAN sync) and uploads them.
    const [, b, c] = f.devices as [unknown, (typeof f.devices)[1], (typeof f.devices)[2]];
    const carried = Date.now();
    for (const [name, doc] of c.docs) {
      let target = b.docs.get(name);
      if (!target) {
        target = new Y.Doc();
        b.docs.set(name, target);
      }
      Y.applyUpdate(target, Y.encodeStateAsUpdate(doc));
    }
    await f.sync([
      { ...b, docs: new Map([...b.docs].filter(([name]) => [...c.docs.keys()].includes(name))) },
    ]);
    const after = await json<Devices>('/api/devices', 'coord');
    const phone = after.devices.find((d) => d.device === 'phone-c');
    assert.equal(phone?.created, 3);
    assert.ok(
      phone?.lastReceivedAt && phone.lastReceivedAt >= carried,
      'contact time is when the data arrived',
    );
    assert.ok(phone.lastEditAt < carried - 86_400_000, 'its edits are days older (device clock)');
    const total = await json<Page>('/api/forms/household_needs/submissions?limit=1');
    assert.equal(total.total, 12);
    // The contact log is in SQLite: it survives a restart.
    await f.server.close();
    const { startServer } = await import('./start-server.ts');
    const again = await startServer({
      port: 0,
      dataPath: f.files.data,
      tokensPath: f.files.tokens,
      log: () => {},
    });
    try {
      const response = await fetch(`http://127.0.0.1:${again.port}/api/devices`, {
        headers: { Authorization: 'Bearer coord' },
      });
      const restarted = (await response.json()) as Devices;
      assert.equal(
        restarted.devices.find((d) => d.device === 'phone-c')?.lastReceivedAt,
        phone.lastReceivedAt,
      );
    } finally {
      await again.close();
    }
  });
});
