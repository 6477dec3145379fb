/**
 * A page of an app served by a real `offgrid up`, in headless Chromium inside a network namespace, using
 * `openAppWorkspace` as an app does: the person allows the app in the trusted UI (clicked), the page's status says
 * `online` because the agent's gateway reaches `offgrid serve`, an edit in the page reaches the agent's replica
 * (its SQLite file), and the status turns `offline` when the agent stops.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteDocumentStore } from '@offgrid/framework/node';
import { SERVE_PORT, serveFiles, startServeInHost } from '@offgrid/server/testing';
import {
  BrowserDevice,
  createLan,
  type Lan,
  type LanHost,
  lanUnavailableReason,
  UiPilot,
  uiUrlOf,
} from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import { CliProcess } from './testing/cli-process.ts';

const skip = lanUnavailableReason();
const APP = `${join(import.meta.dirname, 'testing', 'browser-test-app.ts')}#browserTestApp`;
const APP_LINE = /^browser-test: (http:\/\/127\.0\.0\.1:\d+\/browser-test\/)$/;
const DOC = 'test/page';

const startServer = (host: LanHost, data: string, tokens: string) =>
  startServeInHost(host, { data, tokens, listen: '127.0.0.1' });

describe('openAppWorkspace in Chromium against offgrid up', { skip }, () => {
  let lan: Lan | undefined;
  let dir = '';
  let device: BrowserDevice | undefined;
  let pilot: UiPilot | undefined;
  let up: CliProcess | undefined;
  let server: ChildProcess | undefined;
  const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: ['test/'] }]);
  after(async () => {
    await pilot?.stop();
    await device?.stop();
    await up?.stop();
    server?.kill('SIGKILL');
    await lan?.close();
    files.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('asks consent in the trusted UI, syncs the page with the replica, shows the agent’s connectivity', async () => {
    lan = await createLan(1);
    const host = lan.hosts[0] as LanHost;
    dir = await mkdtemp(join(tmpdir(), 'offgrid-up-browser-'));
    server = await startServer(host, files.data, files.tokens);
    const stateDir = join(dir, 'state');
    up = new CliProcess(host, [
      'up',
      '--state-dir',
      stateDir,
      '--interface',
      host.address,
      '--app',
      APP,
      '--server',
      `ws://127.0.0.1:${SERVE_PORT}`,
      '--token',
      'team',
    ]);
    const appUrl = APP_LINE.exec(await up.waitForLine((l) => APP_LINE.test(l), 60_000))?.[1] as string;
    device = await BrowserDevice.start(host, await uiUrlOf(up));
    pilot = new UiPilot(device, await device.open('ui'));
    const page = await device.open('url', appUrl);

    // The first visit asks the person (the LP2P module's consent, answered in the trusted UI), then links up.
    await device.console(page, /^status online 0$/, 60_000);
    assert.ok(pilot.seen.includes('site'), `the person was asked: ${pilot.seen.join(', ')}`);

    assert.equal(await device.eval(page, `edit(${JSON.stringify(DOC)}, 'typed in the page')`), 'saved');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const store = new SqliteDocumentStore(join(stateDir, 'apps', 'browser-test.db'));
      const doc = new Y.Doc();
      for (const update of (await store.load(DOC)).updates) Y.applyUpdate(doc, update);
      await store.close();
      if (doc.getText('t').toString() === 'typed in the page') break;
      if (Date.now() > deadline) throw new Error('the page’s edit did not reach the replica');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const since = device.process.lines.length;
    assert.equal(await up.stop(), 0);
    await device.console(page, /^status offline 0$/, 20_000, since);
  });
});
