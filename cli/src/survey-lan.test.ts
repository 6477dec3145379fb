/**
 * The field survey end to end (issue 14), between network namespaces: three field devices, each a real
 * `offgrid up` (its replica of the survey app) and a headless Chromium page of the survey served by it; paired and
 * granted the app to each other (trust stores written as the trusted UI would), the page's consent clicked in the
 * trusted UI. No route to `offgrid serve` at first. One device imports the household form; each records 100
 * submissions with photos over three days of the page's test clock (one typed through the form, the rest through
 * the page's model); the team syncs over the LAN; two devices change one answer while apart → the conflict shows
 * on both, a reviewer resolves it on the third, the resolution reaches all; a second conflict is left open on
 * purpose. The coordinator posts the water-point form to the server. Then one device gets a route: the server ends
 * with all 300 submissions (coordinator JSON endpoints), every photo byte-identical by SHA-256 (export zip against
 * the bytes each device holds), the open conflict listed and the resolved one not, the CSV's 300 rows equal to
 * what was entered, the water-point form announced to every device, and every page's badge shows the server's
 * confirmation (relayed by the gateway device to the others).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Form, readXlsForm } from '@offgrid/field-survey/node';
import { FORMS_DIR, householdValues, sampleBytes } from '@offgrid/field-survey/testing';
import { SqliteBlobStore } from '@offgrid/framework/node';
import { SERVE_PORT, serveFiles, startServeInHost } from '@offgrid/server/testing';
import { TrustStore } from '@offgrid/transport-lp2p/node';
import {
  chromiumUnavailableReason,
  createIsolatedHost,
  createLan,
  type IsolatedHost,
  type Lan,
  type LanHost,
  lanUnavailableReason,
  linkHosts,
} from '@offgrid/transport-lp2p/testing';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import {
  curl,
  evalIn,
  openPage,
  photoBytes,
  reload,
  type SurveyDevice,
  sha256,
  startUp,
  until,
  withForm,
} from './testing/survey-devices.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
const FORM = 'household_needs';
const PER_DEVICE = 100;
const DAY = 86_400_000;
const START = Date.parse('2026-11-20T07:00:00Z');

// The server as shipped, default limits: a form's submissions are 16 shard documents, its photos blobs.
const startServer = (host: IsolatedHost, data: string, tokens: string) =>
  startServeInHost(host, { data, tokens });

const query = (device: SurveyDevice, day: number) =>
  `person=${encodeURIComponent(`Worker ${device.name}`)}&device=tablet-${device.name}&now=${START + day * DAY}`;

/** Records `ns` through the page's model: a photo each (saved by the page's photo store), then the answers. */
async function record(
  device: SurveyDevice,
  ns: number[],
): Promise<{ id: string; n: number; photo: string }[]> {
  const items = ns.map((n) => ({ n, values: { ...householdValues(n), dwelling_photo: null } }));
  return withForm(
    device,
    FORM,
    `const photoBytes = ${photoBytes.toString()};
     const version = open.form().version;
     const out = [];
     for (const { n, values } of ${JSON.stringify(items)}) {
       const photo = await open.photos.savePhoto(photoBytes(n), 'image/jpeg');
       const id = open.submissions.create(version, { ...values, dwelling_photo: photo });
       open.submissions.setStatus(id, 'complete');
       out.push({ id, n, photo });
     }
     return out;`,
  );
}

/** Every submission on the device: id → respondent name, photo, conflicts. */
type Held = Record<string, { name: unknown; photo: unknown; conflicts: number; by: string }>;
const held = (device: SurveyDevice) =>
  withForm<Held>(
    device,
    FORM,
    `const out = {};
     for (const id of open.submissions.ids()) {
       const v = open.submissions.view(id);
       out[id] = { name: v.values.respondent_name, photo: v.values.dwelling_photo ?? null,
         conflicts: v.conflicts.length, by: v.meta.createdBy.device };
     }
     return out;`,
  );

const queue = (device: SurveyDevice) =>
  withForm<string[]>(device, FORM, 'return open.submissions.reviewQueue().map((item) => item.id);');

describe('field survey end to end: three devices, the LAN, then the server', { skip }, () => {
  let lan: Lan | undefined;
  let cloud: IsolatedHost | undefined;
  let dir = '';
  const devices: SurveyDevice[] = [];
  const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: ['survey/'] }]);
  after(async () => {
    // The devices side by side: each browser may take its 5 s grace before it is killed.
    await Promise.all(
      devices.map(async (d) => {
        await d.pilot?.stop().catch(() => undefined);
        await d.browser?.stop();
        await d.up?.stop();
      }),
    );
    await lan?.close();
    await cloud?.remove();
    files.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records 300 submissions offline, reconciles conflicts in the team, and lands all of it on the server', async () => {
    const started = Date.now();
    const lap = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
    lan = await createLan(3);
    cloud = await createIsolatedHost();
    dir = await mkdtemp(join(tmpdir(), 'offgrid-survey-lan-'));
    const hosts = lan.hosts as [LanHost, LanHost, LanHost];
    const link = await linkHosts(hosts[0], cloud, Number(lan.subnet.split('.')[2]));
    const server = await startServer(cloud, files.data, files.tokens);
    for (const [i, name] of ['a', 'b', 'c'].entries())
      devices.push({
        name,
        host: hosts[i] as LanHost,
        stateDir: join(dir, name),
        extra: i === 0 ? ['--server', `ws://${link.peerAddress}:${SERVE_PORT}`, '--token', 'team'] : [],
        fingerprint: '',
        appUrl: '',
        tab: 0,
      });
    const [a, b, c] = devices as [SurveyDevice, SurveyDevice, SurveyDevice];

    // First run: each agent's identity and the app's port; then pair and grant, as the trusted UI would.
    await Promise.all(devices.map(async (d) => assert.equal(await (await startUp(d)).stop(), 0)));
    for (const self of devices) {
      const trust = await TrustStore.open(self.stateDir);
      for (const other of devices.filter((d) => d !== self)) {
        await trust.recordAuthenticated({
          fingerprint: other.fingerprint,
          displayName: `tablet ${other.name}`,
          modelName: 'test',
        });
        await trust.setGrant(other.fingerprint, new URL(self.appUrl).origin, true);
      }
    }
    await Promise.all(devices.map((d) => startUp(d)));
    await Promise.all(devices.map((d) => openPage(d, query(d, 0))));
    lap('three agents and pages up');

    // Device A imports the household form (read from the sample .xlsx as the page's import would).
    const household: Form = await readXlsForm(await sampleBytes('household-needs'));
    await evalIn(
      a,
      `globalThis.offgridSurvey.session.importForm(${JSON.stringify(household)}).then(() => true)`,
    );
    for (const d of [b, c])
      await until(
        () => evalIn<string[]>(d, 'globalThis.offgridSurvey.session.forms().map((f) => f.id)'),
        (ids) => ids.includes(FORM),
        `the household form on ${d.name}`,
      );
    lap('the household form reached B and C over the LAN');

    // One submission per device through the form itself: open the form, New submission, type the name.
    const typed = new Map<SurveyDevice, string>();
    for (const d of devices) {
      const browser = d.browser as NonNullable<SurveyDevice['browser']>;
      await browser.click(d.tab, `a[data-form="${FORM}"]`);
      await browser.click(d.tab, '.submissions button.primary');
      await browser.click(d.tab, '[data-path="respondent_name"] input');
      const name = `Typed on ${d.name}`;
      await browser.command('type', {
        tab: d.tab,
        selector: '[data-path="respondent_name"] input',
        text: name,
      });
      await browser.command('press', { tab: d.tab, key: 'Tab' });
      // Consent given (a click): without it the form's later questions, the photo among them, are not relevant.
      await browser.click(d.tab, '[data-path="consent"] input[value=yes]');
      const id = await until(
        () =>
          withForm<string | undefined>(
            d,
            FORM,
            `return open.submissions.ids().find((id) => open.submissions.view(id).values.respondent_name === ${JSON.stringify(name)});`,
          ),
        (found) => typeof found === 'string',
        `the typed submission on ${d.name}`,
      );
      typed.set(d, id as string);
      await evalIn(d, "location.hash = '#/'; true");
    }

    // 100 submissions each over three days of the test clock (the page reloaded each morning).
    const expected = new Map<string, { n: number; photo: string; device: string }>();
    for (let day = 0; day < 3; day++) {
      if (day > 0) await Promise.all(devices.map((d) => reload(d, query(d, day))));
      await Promise.all(
        devices.map(async (d, i) => {
          const count = day === 0 ? 33 : day === 1 ? 33 : PER_DEVICE - 1 - 66;
          const ns = Array.from({ length: count }, (_, k) => i * 1000 + day * 100 + k);
          for (const r of await record(d, ns)) expected.set(r.id, { ...r, device: `tablet-${d.name}` });
        }),
      );
      lap(`day ${day + 1} recorded`);
    }
    // The typed ones get a photo too (taken "with the camera": saved by the page's photo store).
    for (const [d, id] of typed) {
      const n = 9000 + devices.indexOf(d);
      const photo = await withForm<string>(
        d,
        FORM,
        `const photo = await open.photos.savePhoto((${photoBytes.toString()})(${n}), 'image/jpeg');
         open.submissions.set(${JSON.stringify(id)}, 'dwelling_photo', photo); return photo;`,
      );
      expected.set(id, { n, photo, device: `tablet-${d.name}` });
    }
    assert.equal(expected.size, 3 * PER_DEVICE);

    for (const d of devices)
      await until(
        () => held(d),
        (h) => Object.keys(h).length === 3 * PER_DEVICE,
        `all 300 on ${d.name}`,
        180_000,
      );
    lap('all 300 submissions on every page (team sync over the LAN)');

    // A conflict: B is out of range (its agent stopped) while A and B change the same answer.
    const conflict = async (other: SurveyDevice, id: string, label: string) => {
      assert.equal(await (other.up as NonNullable<SurveyDevice['up']>).stop(), 0);
      await until(
        () => evalIn<string>(other, 'globalThis.offgridSurvey.workspace.status().connectivity'),
        (s) => s === 'offline',
        `${other.name} offline`,
      );
      for (const d of [a, other])
        await withForm(
          d,
          FORM,
          `open.submissions.set(${JSON.stringify(id)}, 'respondent_name', ${JSON.stringify(`${label} by ${d.name}`)}); return true;`,
        );
      await startUp(other);
    };
    const ids = [...expected.keys()].filter((id) => expected.get(id)?.device === 'tablet-a');
    const [first, second] = ids as [string, string];
    await conflict(b, first, 'Corrected');
    for (const d of [a, b])
      await until(
        () => queue(d),
        (q) => q.includes(first),
        `the conflict in ${d.name}'s review queue`,
      );
    for (const d of [a, b]) {
      await evalIn(d, `location.hash = '#/f/${FORM}/review'; true`);
      const text = await until(
        () => evalIn<string>(d, 'document.body.innerText'),
        (t) => t.includes('Corrected by a') && t.includes('Corrected by b'),
        `both values on ${d.name}'s review page`,
      );
      assert.match(text, /Worker a/);
      assert.match(text, /Worker b/);
    }
    lap('the conflict shows on A and B');

    // A reviewer on C resolves it through the review page.
    await until(
      () => queue(c),
      (q) => q.includes(first),
      'the conflict on C',
    );
    await evalIn(c, `location.hash = '#/f/${FORM}/review'; true`);
    const cb = c.browser as NonNullable<SurveyDevice['browser']>;
    await cb.click(c.tab, '.conflict-choice[data-key="respondent_name"] input.typed');
    await cb.command('type', {
      tab: c.tab,
      selector: '.conflict-choice[data-key="respondent_name"] input.typed',
      text: 'Resolved by the reviewer',
    });
    await cb.click(c.tab, '.conflict-choice[data-key="respondent_name"] button.resolve');
    for (const d of devices)
      await until(
        async () => ({ queue: await queue(d), name: (await held(d))[first]?.name }),
        (s) => !s.queue.includes(first) && s.name === 'Resolved by the reviewer',
        `the resolution on ${d.name}`,
      );
    lap('the resolution reached all three');

    // A second conflict, between A and C, left open on purpose.
    await conflict(c, second, 'Left open');
    for (const d of devices)
      await until(
        () => queue(d),
        (q) => q.includes(second),
        `the open conflict on ${d.name}`,
      );

    // The coordinator posts the water-point form to the server, which no device reaches yet.
    const posted = await curl(cloud, dir, '/api/forms', 'team', join(FORMS_DIR, 'water-point.xlsx'));
    assert.equal(posted.status, 201, posted.body.toString());

    // Each photo's hash from every device's own store (a photo the page does not hold yet is fetched from its
    // agent, which got it from the nearby agents as a blob).
    const photoHashes = new Map<string, string>();
    for (const d of devices) {
      const hashes = await until(
        () =>
          withForm<Record<string, string | null>>(
            d,
            FORM,
            `const out = {};
             await Promise.all(open.submissions.ids().map(async (id) => {
               const name = open.submissions.view(id).values.dwelling_photo;
               const bytes = await open.photos.loadPhoto(name);
               if (!bytes) return void (out[name] = null);
               const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
               out[name] = [...digest].map((x) => x.toString(16).padStart(2, '0')).join('');
             }));
             return out;`,
          ),
        (h) => Object.keys(h).length === 3 * PER_DEVICE && Object.values(h).every((v) => v !== null),
        `every photo on ${d.name}`,
        120_000,
      ).catch(async (error: Error) => {
        const missing = Object.entries(
          await withForm<Record<string, string | null>>(
            d,
            FORM,
            `const out = {}; for (const id of open.submissions.ids()) { const name = open.submissions.view(id).values.dwelling_photo; out[name] = (await open.photos.loadPhoto(name)) ? 'ok' : null; } return out;`,
          ),
        ).filter(([, v]) => v === null);
        const where = missing.map(([name]) => {
          const n = [...expected.values()].find((e) => e.photo === name)?.n ?? -1;
          return `${Math.floor(n / 1000)}/${Math.floor((n % 1000) / 100)}`;
        });
        const hashes = missing.map(([name]) => name.slice(0, 64));
        const inAgents = await Promise.all(
          devices.map(async (r) => {
            const store = new SqliteBlobStore(join(r.stateDir, 'apps', 'field-survey.blobs.db'));
            const lacking = await store.missing(hashes);
            await store.close();
            return `${r.name}: ${hashes.length - lacking.length}`;
          }),
        );
        const inPages = await Promise.all(
          devices.map(async (r) => {
            const state = await evalIn<{ held: number; pending: number }>(
              r,
              `(async () => { const b = globalThis.offgridSurvey.blobs; const hashes = ${JSON.stringify(hashes)};
                 return { held: hashes.length - (await b.store.missing(hashes)).length, pending: b.pending().length }; })()`,
            ).catch(() => ({ held: -1, pending: -1 }));
            return `${r.name}: ${state.held} (page outbox ${state.pending})`;
          }),
        );
        throw new Error(
          `${error.message}\nmissing (device/day): ${where.join(' ')}\nof them on agents: ${inAgents.join(', ')}\nof them in pages: ${inPages.join(', ')}`,
        );
      });
      for (const [name, hash] of Object.entries(hashes)) {
        if (photoHashes.has(name)) assert.equal(photoHashes.get(name), hash, `${name} on ${d.name}`);
        photoHashes.set(name, hash as string);
      }
    }
    lap('every photo on every device, the same bytes');
    for (const { n, photo } of expected.values()) assert.equal(photoHashes.get(photo), sha256(photoBytes(n)));

    // A reaches the server: its gateway carries the whole team's work (the data mule).
    await link.up();
    lap('A has a route to the server');
    const api = async <T>(path: string): Promise<T> => {
      const response = await curl(cloud as IsolatedHost, dir, path, 'team');
      assert.equal(response.status, 200, `${path}: ${response.body.toString()}`);
      return JSON.parse(response.body.toString()) as T;
    };
    type Rows = { total: number; rows: { id: string; values: Record<string, string>; conflicts: number }[] };
    const table = await until(
      () => api<Rows>(`/api/forms/${FORM}/submissions?limit=500`),
      (t) => t.total === 3 * PER_DEVICE,
      'all 300 on the server',
      240_000,
    );
    lap('the server holds all 300 submissions');
    assert.deepEqual(new Set(table.rows.map((r) => r.id)), new Set(expected.keys()));
    type Conflicts = {
      total: number;
      rows: { id: string; fields: { key: string; values: { value: string }[] }[] }[];
    };
    const open = await until(
      () => api<Conflicts>(`/api/forms/${FORM}/conflicts`),
      (o) => o.total === 1,
      'the one open conflict',
    );
    assert.equal(open.rows[0]?.id, second);
    assert.deepEqual(open.rows[0]?.fields[0]?.values.map((v) => v.value).sort(), [
      'Left open by a',
      'Left open by c',
    ]);
    assert.equal(table.rows.find((r) => r.id === first)?.conflicts, 0);

    // The photos, byte for byte, from the server's export zip.
    let entries: Record<string, Uint8Array> = {};
    await until(
      async () => {
        const zip = await curl(cloud as IsolatedHost, dir, `/api/forms/${FORM}/export.zip`, 'team');
        assert.equal(zip.status, 200);
        entries = unzipSync(new Uint8Array(zip.body));
        const missing = entries['missing-media.txt'];
        return {
          photos: Object.keys(entries).filter((name) => name.startsWith('media/')).length,
          missing: missing ? new TextDecoder().decode(missing).slice(0, 300) : '',
          typed: [...typed.values()].map((id) => expected.get(id)?.photo),
        };
      },
      ({ photos }) => photos === 3 * PER_DEVICE,
      'every photo on the server',
      240_000,
    );
    assert.ok(!('missing-media.txt' in entries), 'no photo missing');
    lap('every photo on the server');
    for (const { photo } of expected.values())
      assert.equal(sha256(entries[`media/${photo}`] as Uint8Array), photoHashes.get(photo), photo);

    // The CSV: 300 rows, each equal to what was entered (the conflicts as resolved or left open).
    const csv = await curl(cloud, dir, `/api/forms/${FORM}/export.csv`, 'team');
    assert.equal(csv.status, 200);
    const rows = parse(csv.body.toString(), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 3 * PER_DEVICE);
    for (const row of rows) {
      const id = (row.KEY as string).replace(/^uuid:/, '');
      const entry = expected.get(id);
      assert.ok(entry, `row ${row.KEY}`);
      assert.equal(row.dwelling_photo, entry.photo);
      assert.equal(row.DeviceID, entry.device);
      if (entry.n >= 9000) {
        assert.equal(row.respondent_name, `Typed on ${entry.device.slice(-1)}`);
        continue;
      }
      const v = householdValues(entry.n);
      const name =
        id === first ? 'Resolved by the reviewer' : id === second ? row.respondent_name : v.respondent_name;
      assert.equal(row.respondent_name, name);
      if (id === second) assert.match(row.respondent_name as string, /^Left open by [ac]$/);
      assert.equal(row.Conflicts, id === second ? '1' : '0');
      assert.equal(row.respondent_age, String(v.respondent_age));
      assert.equal(row.household_size, String(v.household_size));
      assert.equal(row.needs, (v.needs as string[]).join(' '));
      assert.equal(row.water_litres, String(v.water_litres));
      const p = v.location as { lat: number; lon: number; alt: number; accuracy: number };
      assert.equal(row.location, `${p.lat} ${p.lon} ${p.alt} ${p.accuracy}`);
      assert.equal(row.ReviewState, 'complete');
      assert.equal(row.SubmitterName, `Worker ${entry.device.slice(-1)}`);
    }
    lap('photos and CSV checked');

    // The water-point form the coordinator posted reaches every device (A from the server, B and C from A).
    for (const d of devices)
      await until(
        () => evalIn<string[]>(d, 'globalThis.offgridSurvey.session.forms().map((f) => f.id)'),
        (ids) => ids.includes('water_point'),
        `the water-point form on ${d.name}`,
        120_000,
      );

    // Every page's badge: all saved on the server (A's from its gateway; B's and C's relayed by A).
    for (const d of devices) {
      const badge = await until(
        () =>
          evalIn<{ pending: number; unconfirmed: number; text: string }>(
            d,
            `(() => {
              const s = globalThis.offgridSurvey.workspace.status();
              const docs = s.documents.filter((doc) => doc.name.startsWith('survey/${FORM}/submissions/'));
              const badge = document.querySelector('offgrid-sync-status');
              return {
                pending: docs.reduce((sum, doc) => sum + (doc.notOnServer.count ?? 1), 0),
                unconfirmed: docs.filter((doc) => doc.lastServerConfirmation === null).length,
                text: badge?.shadowRoot?.querySelector('[role=status]')?.textContent ?? '',
              };
            })()`,
          ),
        (s) => s.pending === 0 && s.unconfirmed === 0 && /all saved on the server/i.test(s.text),
        `the server's confirmation on ${d.name}'s badge`,
        120_000,
      );
      assert.match(badge.text, /all saved on the server/i);
    }
    lap('every badge shows the server’s confirmation');
    server.kill('SIGTERM');
  });
});
