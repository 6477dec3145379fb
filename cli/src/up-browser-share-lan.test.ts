/**
 * Share from a page to the other device's page, in headless Chromium, through two real `offgrid up` agents in
 * network namespaces (docs/framework.md §Share from a page): A and B are paired and granted the test app's origin
 * (trust stores written as the trusted UI would); each page is allowed in its agent's trusted UI (clicked), then A's
 * page shares a document with `nearbyShare(workspace).shareDocument`, B's page accepts the offer and its `import`
 * event comes with the document merged in B's page.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BrowserDevice, lanUnavailableReason, UiPilot, uiUrlOf } from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './testing/cli-process.ts';
import { firstRun, pairAndGrant, twoHostScene, type UpDevice, upArgs } from './testing/up-devices.ts';

const skip = lanUnavailableReason();
const APP = `${join(import.meta.dirname, 'testing', 'browser-test-app.ts')}#browserTestApp`;
const APP_LINE = /^browser-test: (http:\/\/127\.0\.0\.1:(?<port>\d+)\/browser-test\/)$/;

interface Device extends UpDevice {
  url: string;
}

const appArgs = (device: Device) => upArgs(device, ['--app', APP]);

describe('share from a page to the other device’s page, in Chromium', { skip }, () => {
  const scene = twoHostScene('browser-share');
  after(() => scene.close());

  it('A’s page shares a document; B’s page accepts it and has it', async () => {
    const [hostA, hostB] = await scene.start();
    const { stops } = scene;
    const a: Device = { host: hostA, stateDir: join(scene.dir, 'a'), fingerprint: '', url: '', port: 0 };
    const b: Device = { host: hostB, stateDir: join(scene.dir, 'b'), fingerprint: '', url: '', port: 0 };
    await Promise.all(
      [a, b].map(async (device) => {
        device.url = (await firstRun(device, appArgs(device), APP_LINE, 60_000))[1] as string;
      }),
    );
    await pairAndGrant(a, b);
    const pages = await Promise.all(
      [a, b].map(async (device) => {
        const up = new CliProcess(device.host, appArgs(device));
        stops.push(() => up.stop());
        await up.waitForLine((l) => APP_LINE.test(l), 60_000);
        const browser = await BrowserDevice.start(device.host, await uiUrlOf(up));
        stops.push(() => browser.stop());
        const pilot = new UiPilot(browser, await browser.open('ui'));
        stops.push(() => pilot.stop());
        const page = await browser.open('url', device.url);
        await browser.console(page, /^status nearby only 1$/, 90_000);
        return { browser, page };
      }),
    );
    const [pageA, pageB] = pages as [(typeof pages)[0], (typeof pages)[0]];
    const accepted = pageB.browser.eval(pageB.page, 'acceptNextDocument()', 120_000);
    const statuses = await pageA.browser.eval(
      pageA.page,
      `shareDocumentWithAll('test/shared', 'typed in A, shared to B')`,
      120_000,
    );
    assert.equal(statuses, 'confirmed');
    assert.equal(await accepted, 'test/shared: typed in A, shared to B');
  });
});
