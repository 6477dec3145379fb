/**
 * The browser device's input, as a person has it: one mouse and one keyboard. A click in one tab while text is typed
 * in another (the trusted UI's pilot answering a prompt while a test types in the app's tab) must both land. Before
 * input was taken one action at a time, the other tab came to the front between the click's `bringToFront` and its
 * mouse events, headless Chromium never acknowledged them, and the click hung (4 of 5 runs of a loop like this).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { chromiumUnavailableReason } from '../../testing/chromium.ts';
import { createLan, type Lan, type LanHost, lanUnavailableReason } from '../../testing/lan.ts';
import { BrowserDevice } from './browser-device-client.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
const page = (body: string) => `data:text/html,${encodeURIComponent(`<!doctype html><body>${body}</body>`)}`;

describe('the browser device', { skip }, () => {
  let lan: Lan | undefined;
  let device: BrowserDevice | undefined;
  after(async () => {
    await device?.stop();
    await lan?.close();
  });

  it('lands a click in one tab while another tab is typed in', { timeout: 120_000 }, async () => {
    lan = await createLan(1);
    // No agent here: the driver's UI URL only names where its app page would load the module from.
    device = await BrowserDevice.start(lan.hosts[0] as LanHost, 'http://127.0.0.1:9/');
    const ui = await device.open(
      'url',
      page(`<button id="allow" onclick="window.clicks = (window.clicks ?? 0) + 1">Allow</button>`),
    );
    const app = await device.open('url', page(`<input id="name">`));
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      await Promise.all([
        device.command('type', { tab: app, selector: '#name', text: 'Ada' }, 15_000),
        device.command('click', { tab: ui, selector: '#allow' }, 15_000),
        device.command('press', { tab: app, key: 'Enter' }, 15_000),
      ]);
    }
    assert.equal(await device.eval(ui, 'window.clicks'), rounds);
    assert.equal(await device.eval(app, `document.querySelector('#name').value`), 'Ada'.repeat(rounds));
  });
});
