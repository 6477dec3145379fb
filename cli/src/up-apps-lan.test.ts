/**
 * `offgrid up` with an app, in a network namespace: the `<id>: http://127.0.0.1:P/<id>/` line after `ui:`, the
 * page served there, its sync socket refused without a token, and the same port after a restart.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLan, type Lan, LineProcess, lanUnavailableReason } from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './testing/cli-process.ts';

const skip = lanUnavailableReason();
const TEST_APP = `${join(import.meta.dirname, 'testing', 'test-app.ts')}#testApp`;
const APP_LINE = /^test-app: http:\/\/127\.0\.0\.1:(\d+)\/test-app\/$/;

describe('offgrid up serves apps on ports of their own', { skip }, () => {
  let lan: Lan;
  let dir: string;
  before(async () => {
    lan = await createLan(1);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-up-apps-'));
  });
  after(async () => {
    await lan?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the app line, serves the page, refuses a socket without token, keeps the port', async () => {
    const host = lan.hosts[0];
    if (!host) throw new Error('no host');
    const args = ['up', '--state-dir', join(dir, 'state'), '--interface', host.address, '--app', TEST_APP];
    const up = new CliProcess(host, args);
    const appLine = await up.waitForLine((line) => APP_LINE.test(line), 30_000);
    const uiIndex = up.lines.findIndex((line) => line.startsWith('ui: http://127.0.0.1:'));
    assert.ok(uiIndex >= 0 && uiIndex < up.lines.indexOf(appLine), 'the app line comes after ui:');
    const port = Number(APP_LINE.exec(appLine)?.[1]);
    const url = `http://127.0.0.1:${port}`;
    const probe = new LineProcess(host, [
      '-e',
      `(async () => {
        const page = await fetch(${JSON.stringify(`${url}/test-app/`)});
        const socket = new WebSocket(${JSON.stringify(`ws://127.0.0.1:${port}/test-app/sync`)}, ['offgrid-sync.v1']);
        const opened = await new Promise((resolve) => { socket.onopen = () => resolve(true); socket.onerror = () => resolve(false); });
        console.log('probe', page.status, (await page.text()).includes('test app'), opened);
      })()`,
    ]);
    assert.equal(await probe.waitForLine((l) => l.startsWith('probe '), 10_000), 'probe 200 true false');
    await probe.stop();
    assert.equal(await up.stop(), 0);

    const again = new CliProcess(host, args);
    const second = await again.waitForLine((line) => APP_LINE.test(line), 30_000);
    assert.equal(second, appLine, 'the same port after a restart');
    assert.equal(await again.stop(), 0);
  });
});
