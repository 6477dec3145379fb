import {
  type Author,
  SubmissionStore,
  type SubmissionValues,
  submissionDocName,
} from '@offgrid/field-survey';
import { householdValues, sampleBytes } from '@offgrid/field-survey/testing';
import * as Y from 'yjs';
import { type RunningServer, startServer } from '../start-server.ts';
import { connectClient, type TestClient, waitFor } from './provider-client.ts';
import { type ServeFiles, serveFiles } from './temp-files.ts';

/** One field device of the fixture: its author, its token, its local shard documents. */
export interface FixtureDevice {
  readonly author: Author;
  readonly token: string;
  readonly docs: Map<string, Y.Doc>;
  /** Submission ids it created. */
  readonly ids: string[];
}

export interface CoordinatorFixture {
  readonly server: RunningServer;
  readonly files: ServeFiles;
  readonly base: string;
  readonly devices: readonly FixtureDevice[];
  /** The submission two devices edited concurrently (`respondent_name`). */
  readonly conflicted: string;
  /** Submissions without a geopoint. */
  readonly withoutPoint: readonly string[];
  /** Connects the given devices' documents to the server and waits until every one is acknowledged. */
  sync(devices: readonly FixtureDevice[]): Promise<void>;
  close(): Promise<void>;
}

const FORM = 'household_needs';
const VERSION = '2026120101';
const DAY = 86_400_000;
/** The test clock: the fixture's submissions are made over three days from here. */
export const FIXTURE_START = Date.parse('2026-11-20T08:00:00Z');

/**
 * `offgrid serve` (in process) with the household needs form posted through `POST /api/forms`, and three field
 * devices' submissions written as devices write them (a `SubmissionStore` on a Yjs document synced by a
 * Hocuspocus provider): tablet-a 5, tablet-b 4, phone-c 3 (one without a geopoint), on days 1–3, and one
 * submission whose `respondent_name` tablet-a and tablet-b changed concurrently (an open conflict).
 * `connect: false` leaves phone-c's documents unsynced (for the data-mule test).
 */
export async function coordinatorFixture(
  options: { connectAll?: boolean } = {},
): Promise<CoordinatorFixture> {
  const files = serveFiles([
    { token: 'coord', access: 'read-write', prefixes: ['survey/'] },
    { token: 'viewer', access: 'read', prefixes: ['survey/household_needs/'] },
    { token: 'water-only', access: 'read-write', prefixes: ['survey/water_point/'] },
    { token: 'expired', access: 'read-write', prefixes: ['survey/'], expires: '2020-01-01T00:00:00Z' },
    { token: 'tablet-a', access: 'read-write', prefixes: ['survey/household_needs/'] },
    { token: 'tablet-b', access: 'read-write', prefixes: ['survey/household_needs/'] },
    { token: 'phone-c', access: 'read-write', prefixes: ['survey/household_needs/'] },
  ]);
  const server = await startServer({
    port: 0,
    dataPath: files.data,
    tokensPath: files.tokens,
    log: () => {},
  });
  const base = `http://127.0.0.1:${server.port}`;
  const clients: TestClient[] = [];
  try {
    for (const form of ['household-needs', 'water-point'] as const) {
      const posted = await fetch(`${base}/api/forms`, {
        method: 'POST',
        headers: { Authorization: 'Bearer coord' },
        body: await sampleBytes(form),
      });
      if (posted.status !== 201) throw new Error(`POST /api/forms ${form}: ${posted.status}`);
    }
    const make = (device: string, person: string): FixtureDevice => ({
      author: { device, person },
      token: device,
      docs: new Map(),
      ids: [],
    });
    const devices = [make('tablet-a', 'Awa'), make('tablet-b', 'Bintou'), make('phone-c', 'Chidi')];
    const doc = (device: FixtureDevice, id: string) => {
      const name = submissionDocName(FORM, id);
      let found = device.docs.get(name);
      if (!found) {
        found = new Y.Doc();
        device.docs.set(name, found);
      }
      return found;
    };
    const store = (device: FixtureDevice, id: string, at: number) =>
      new SubmissionStore(doc(device, id), { author: device.author, now: () => at });
    const withoutPoint: string[] = [];
    let n = 0;
    for (const [index, count] of [5, 4, 3].entries()) {
      const device = devices[index] as FixtureDevice;
      for (let i = 0; i < count; i++, n++) {
        const id = `${device.author.device}-${i}`;
        const at = FIXTURE_START + (i % 3) * DAY + index * 3_600_000;
        let values: SubmissionValues = householdValues(n);
        if (device.author.device === 'phone-c' && i === 2) {
          const { location: _, ...rest } = values;
          values = rest;
          withoutPoint.push(id);
        }
        store(device, id, at).create({ formId: FORM, formVersion: VERSION }, values, id);
        if (i === 0) store(device, id, at + 60_000).setStatus(id, 'complete');
      }
      device.ids.push(...Array.from({ length: count }, (_, i) => `${device.author.device}-${i}`));
    }
    // tablet-b received tablet-a-1 (over the LAN), then both changed the respondent's name, each offline.
    const [a, b] = devices as [FixtureDevice, FixtureDevice];
    const conflicted = 'tablet-a-1';
    Y.applyUpdate(doc(b, conflicted), Y.encodeStateAsUpdate(doc(a, conflicted)));
    store(a, conflicted, FIXTURE_START + 2 * DAY).set(conflicted, 'respondent_name', 'Aminata Ouédraogo');
    store(b, conflicted, FIXTURE_START + 2 * DAY + 5000).set(
      conflicted,
      'respondent_name',
      'Aminata Ouedraogo',
    );

    const sync = async (list: readonly FixtureDevice[]) => {
      const opened: TestClient[] = [];
      for (const device of list)
        for (const [name, d] of device.docs) opened.push(connectClient(server.url, name, device.token, d));
      clients.push(...opened);
      await waitFor(
        () => opened.every((c) => c.provider.synced && !c.provider.hasUnsyncedChanges),
        20_000,
        'every device document acknowledged by the server',
      );
    };
    await sync(options.connectAll === false ? devices.slice(0, 2) : devices);
    return {
      server,
      files,
      base,
      devices,
      conflicted,
      withoutPoint,
      sync,
      async close() {
        for (const c of clients) c.destroy();
        await server.close();
        files.remove();
      },
    };
  } catch (error) {
    for (const c of clients) c.destroy();
    await server.close();
    files.remove();
    throw error;
  }
}
