import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CATALOGUE_DOC,
  formDocName,
  listForms,
  mediaDocName,
  readForm,
  SubmissionStore,
  submissionDocName,
  submissionDocNames,
  writePhoto,
} from '@offgrid/field-survey';
import { householdValues, sampleBytes, writeXlsForm } from '@offgrid/field-survey/testing';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { type RunningServer, startServer } from './start-server.ts';
import { connectClient, type TestClient, waitFor } from './testing/provider-client.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

describe('field survey endpoints of offgrid serve, over real HTTP and WebSocket', () => {
  let files: ServeFiles;
  let server: RunningServer;
  let base: string;
  let household: Uint8Array;

  before(async () => {
    files = serveFiles([
      { token: 'coord', access: 'read-write', prefixes: ['survey/'] },
      { token: 'team-water', access: 'read-write', prefixes: ['survey/water_point/'] },
      { token: 'viewer', access: 'read', prefixes: ['survey/household_needs/'] },
      { token: 'old', access: 'read-write', prefixes: ['survey/'], expires: '2020-01-01T00:00:00Z' },
    ]);
    server = await startServer({ port: 0, dataPath: files.data, tokensPath: files.tokens, log: () => {} });
    base = `http://127.0.0.1:${server.port}`;
    household = await sampleBytes('household-needs');
  });
  after(async () => {
    await server?.close();
    files?.remove();
  });

  const post = (body: Uint8Array, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/forms`, {
      method: 'POST',
      body,
      headers: { ...(token && { Authorization: `Bearer ${token}` }), ...headers },
    });
  const get = (path: string, token?: string) =>
    fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('POST /api/forms: 401 without a token, with an unknown or expired one; 403 for a read token or other prefixes', async () => {
    for (const token of [undefined, 'nobody', 'old']) {
      const response = await post(household, token);
      assert.equal(response.status, 401, `token ${token}`);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    }
    assert.equal((await post(household, 'viewer')).status, 403);
    const other = await post(household, 'team-water');
    assert.equal(other.status, 403);
    assert.deepEqual(await other.json(), { error: 'outside-prefixes' });
  });

  it('POST /api/forms: 201 with id and version; the same file again 200; other content, same version, 409', async () => {
    const created = await post(household, 'coord');
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { id: 'household_needs', version: '2026120101' });
    assert.equal((await post(household, 'coord')).status, 200);
    const device = connectClient(server.url, formDocName('water_point'), 'team-water');
    try {
      await waitFor(() => device.provider.synced, 5000, 'a device synced on the form document');
      const water = await post(await sampleBytes('water-point'), 'team-water');
      assert.equal(water.status, 201);
      await waitFor(
        () => readForm(device.doc) !== undefined,
        5000,
        'the new form pushed to the connected device',
      );
      assert.equal(readForm(device.doc)?.version, '2026120101');
    } finally {
      device.destroy();
    }
    const form = (await (await get('/api/forms/household_needs', 'viewer')).json()) as { title: string };
    assert.equal(form.title, 'Household needs assessment');
  });

  it('POST /api/forms lists the form in survey/catalogue, so devices that sync the catalogue learn of it', async () => {
    const device = connectClient(server.url, CATALOGUE_DOC, 'coord');
    try {
      await waitFor(() => device.provider.synced, 5000, 'a device synced on the catalogue');
      assert.equal((await post(household, 'coord')).status, 200, 'posted by the test before');
      await waitFor(
        () => listForms(device.doc).some((f) => f.id === 'water_point'),
        5000,
        'the forms announced in the catalogue',
      );
      const entries = listForms(device.doc).map(({ id, title, version }) => ({ id, title, version }));
      assert.deepEqual(entries, [
        { id: 'household_needs', title: 'Household needs assessment', version: '2026120101' },
        { id: 'water_point', title: 'Water point inspection', version: '2026120101' },
      ]);
    } finally {
      device.destroy();
    }
  });

  it('POST /api/forms: 400 with sheet, row, column and reason for each problem; 413 over the size limit', async () => {
    const bad = await writeXlsForm({
      survey: {
        header: ['type', 'name', 'label'],
        rows: [
          ['text', 'a', 'A'],
          ['barcode', 'b', 'B'],
          ['select_one x', 'c', 'C'],
        ],
      },
      settings: { header: ['form_id', 'version'], rows: [['bad_form', '1']] },
    });
    const response = await post(bad, 'coord');
    assert.equal(response.status, 400);
    const body = (await response.json()) as {
      error: string;
      problems: { sheet: string; row: number; column: string; reason: string }[];
    };
    assert.equal(body.error, 'form-invalid');
    assert.deepEqual(
      body.problems.map((p) => [p.sheet, p.row, p.column]),
      [
        ['survey', 3, 'type'],
        ['survey', 4, 'type'],
      ],
    );
    assert.match(body.problems[0]?.reason ?? '', /barcode/);
    const garbage = await post(new TextEncoder().encode('not a spreadsheet'), 'coord');
    assert.equal(garbage.status, 400);
    assert.equal(((await garbage.json()) as { error: string }).error, 'form-unreadable');
    const big = await post(new Uint8Array(6 * 1024 * 1024), 'coord');
    assert.equal(big.status, 413);
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const streamed = await fetch(`${base}/api/forms`, {
      method: 'POST',
      headers: { Authorization: 'Bearer coord' },
      duplex: 'half',
      body: new ReadableStream({
        pull(controller) {
          if (sent++ < 8) controller.enqueue(chunk);
          else controller.close();
        },
      }),
    } as RequestInit);
    assert.equal(streamed.status, 413, 'a chunked body without Content-Length is cut at the limit too');
    assert.equal((await fetch(`${base}/healthz`)).status, 200, 'still serving');
  });

  it('exports what providers synced: CSV (main and repeat), GeoJSON, zip with photos', async () => {
    const clients: TestClient[] = [];
    try {
      const author = { device: 'tablet-a', person: 'Awa' };
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const id = `sub-${i}`;
        const name = submissionDocName('household_needs', id);
        let client = clients.find((c) => c.provider.configuration.name === name);
        if (!client) {
          client = connectClient(server.url, name, 'coord');
          clients.push(client);
        }
        new SubmissionStore(client.doc, { author }).create(
          { formId: 'household_needs', formVersion: '2026120101' },
          householdValues(i),
          id,
        );
        ids.push(id);
      }
      const photo = connectClient(server.url, mediaDocName('household_needs', 'dwelling-2.jpg'), 'coord');
      clients.push(photo);
      writePhoto(photo.doc, new Uint8Array([0xff, 0xd8, 42, 0xff, 0xd9]));
      await waitFor(
        () => clients.every((c) => c.provider.synced && !c.provider.hasUnsyncedChanges),
        10_000,
        'every document acknowledged by the server',
      );
      const csv = await get('/api/forms/household_needs/export.csv', 'viewer');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
      assert.deepEqual(rows.map((r) => r.KEY).sort(), ids.map((id) => `uuid:${id}`).sort());
      const row2 = rows.find((r) => r.KEY === 'uuid:sub-2');
      assert.equal(row2?.respondent_name, householdValues(2).respondent_name);
      assert.equal(row2?.needs, 'food water');
      const members = await get('/api/forms/household_needs/export.csv?repeat=members', 'viewer');
      const memberRows = parse(await members.text(), { columns: true }) as Record<string, string>[];
      assert.equal(memberRows.filter((r) => r.PARENT_KEY === 'uuid:sub-2').length, 3);
      const geo = (await (await get('/api/forms/household_needs/export.geojson', 'viewer')).json()) as {
        features: unknown[];
      };
      assert.equal(geo.features.length, 6);
      const zip = await get('/api/forms/household_needs/export.zip', 'coord');
      assert.equal(zip.headers.get('content-type'), 'application/zip');
      const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      assert.ok(entries['household_needs.csv'] && entries['household_needs-members.csv']);
      assert.deepEqual(entries['media/dwelling-2.jpg'], new Uint8Array([0xff, 0xd8, 42, 0xff, 0xd9]));
      assert.ok(new TextDecoder().decode(entries['missing-media.txt']).includes('dwelling-0.jpg'));
    } finally {
      for (const c of clients) c.destroy();
    }
    assert.ok(submissionDocNames('household_needs').length === 16);
  });

  it('corrupted uploads (seeded, 40) are answered 400 or 413, never 500, and the server goes on', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const bytes = household.slice(
        0,
        i % 4 === 0 ? Math.floor(random() * household.length) : household.length,
      );
      for (let j = 0; j < 1 + Math.floor(random() * 16); j++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const response = await post(bytes, 'coord');
      await response.arrayBuffer();
      statuses.add(response.status);
      assert.ok([200, 201, 400, 409, 413].includes(response.status), `upload ${i}: ${response.status}`);
    }
    assert.ok(statuses.has(400), 'corruption was noticed');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });

  it('exports: 401/403 by token, 404 for unknown forms and paths, 405 for other methods', async () => {
    assert.equal((await get('/api/forms/household_needs/export.csv')).status, 401);
    assert.equal((await get('/api/forms/household_needs/export.csv', 'team-water')).status, 403);
    assert.equal((await get('/api/forms/nothing_here/export.csv', 'coord')).status, 404);
    assert.equal((await get('/api/forms/..%2F..%2Fetc/export.csv', 'coord')).status, 404);
    assert.equal((await get('/api/forms/household_needs/export.xml', 'coord')).status, 404);
    assert.equal((await get('/api/forms/household_needs/export.csv?repeat=nope', 'coord')).status, 404);
    const put = await fetch(`${base}/api/forms`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer coord' },
    });
    assert.equal(put.status, 405);
    const del = await fetch(`${base}/api/forms/household_needs`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer coord' },
    });
    assert.equal(del.status, 405);
  });

  it('keeps forms and submissions across a restart (stored in SQLite before the answer)', async () => {
    await server.close();
    server = await startServer({ port: 0, dataPath: files.data, tokensPath: files.tokens, log: () => {} });
    base = `http://127.0.0.1:${server.port}`;
    const form = await get('/api/forms/water_point', 'team-water');
    assert.equal(form.status, 200);
    const csv = await (await get('/api/forms/household_needs/export.csv', 'coord')).text();
    assert.equal((parse(csv, { columns: true }) as unknown[]).length, 6);
  });
});
