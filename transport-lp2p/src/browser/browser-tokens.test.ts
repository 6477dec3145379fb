/**
 * A page's capability token across agent restarts, in real headless Chromium (docs/security.md §Capability
 * tokens): the page keeps its token in its origin's localStorage and the agent keeps it in
 * `<stateDir>/origin-tokens.json`, so after a restart the page's socket opens without asking the person again; an
 * origin the person removed in the trusted UI has to ask again after a restart too. The page device runs in a
 * network namespace (up-node.ts, what `offgrid up` runs, restarted on the same bridge port; one Chromium profile
 * throughout); the person at the trusted UI is `UiPilot`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BrowserDevice, startUpNode, UiPilot, uiUrlOf } from '../bridge/testing/browser-device-client.ts';
import { chromiumUnavailableReason } from '../testing/chromium.ts';
import { createLan, type Lan, lanUnavailableReason } from '../testing/lan.ts';
import type { LineProcess } from '../testing/line-process.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
/** The bridge's port in the device's own namespace (nothing else listens there). */
const UI_PORT = 47_810;
const UI_URL = `http://127.0.0.1:${UI_PORT}/`;

/** The page's own link to its agent, as every LP2P object opens it: resolves with the token it then holds. */
const LINK_SCRIPT = `(async () => {
  const link = new BridgeLink({ url: '${UI_URL.replace('http', 'ws')}lp2p', uiUrl: '${UI_URL}' });
  await link.ready;
  return localStorage.getItem('offgrid-lp2p-token');
})()`;

describe('a page’s capability token across agent restarts, in Chromium', { skip }, () => {
  let lan: Lan;
  let dir: string;
  let up: LineProcess | undefined;
  let device: BrowserDevice;
  let pilot: UiPilot | undefined;
  let uiTab: number | undefined;

  /** (Re)starts the agent on the same state dir and port, and puts the person in front of a fresh trusted UI. */
  const startAgent = async (): Promise<UiPilot> => {
    const host = lan.hosts[0];
    if (!host) throw new Error('no host');
    up = startUpNode(host, 'Page device', join(dir, 'page'), { uiPort: UI_PORT });
    assert.equal(await uiUrlOf(up), UI_URL);
    device ??= await BrowserDevice.start(host, UI_URL);
    uiTab = await device.open('ui');
    pilot = new UiPilot(device, uiTab);
    return pilot;
  };
  const stopAgent = async () => {
    await pilot?.stop();
    if (uiTab !== undefined) await device.command('close', { tab: uiTab });
    await device.command('close-popups');
    assert.equal(await up?.stop(), 0, 'the agent stopped cleanly (its tokens file written)');
  };
  /** A fresh tab of the app's origin opens its link; the token it holds afterwards. */
  const openLink = async (): Promise<string> => {
    const tab = await device.open('app');
    const token = (await device.eval(tab, LINK_SCRIPT, 30_000)) as string;
    await device.command('close', { tab });
    return token;
  };

  before(async () => {
    lan = await createLan(1);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-browser-tokens-'));
  });
  after(async () => {
    await pilot?.stop();
    await device?.stop();
    await up?.stop();
    await lan?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens the page’s socket after a restart without a new consent; a removed origin asks again', async () => {
    let person = await startAgent();
    const first = await openLink();
    assert.match(first, /^[\w-]{43}$/);
    assert.deepEqual(person.seen, ['site'], 'the person allowed the app once');
    await stopAgent();

    person = await startAgent();
    assert.equal(await openLink(), first, 'the page kept its token and the agent still knows it');
    assert.deepEqual(person.seen, [], 'the person was not asked again');
    // "Remove" in the trusted UI's sites list.
    const appOrigin = new URL(device.appUrl).origin;
    await device.click(uiTab as number, `li[data-site="${appOrigin}"] button`);
    for (let i = 0; i < 50; i++) {
      const sites = (await device.eval(
        uiTab as number,
        `document.querySelectorAll('li[data-site]').length`,
      )) as number;
      if (sites === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopAgent();

    person = await startAgent();
    const again = await openLink();
    assert.deepEqual(person.seen, ['site'], 'the removed origin had to ask the person again');
    assert.match(again, /^[\w-]{43}$/);
    assert.notEqual(again, first);
    assert.deepEqual(person.errors, []);
  });
});
