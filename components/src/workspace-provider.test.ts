/**
 * The elements wired to the real framework in Chromium: two workspaces in one page (memory stores, memory
 * channels), each inside an `<offgrid-workspace>`. Device A shares a document by keyboard through
 * `<offgrid-share-nearby>`; B accepts it by keyboard in `<offgrid-import-nearby>` and the document merges into B's
 * workspace; the sync status and presence follow their workspace's events.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MemoryDocumentStore, NearbyShare, openWorkspace, Workspace } from '@offgrid/framework';
import type { createMemoryChannelPair } from '@offgrid/sync';
import type { Page } from 'puppeteer-core';
import { axNodes, axText, type Chromium, launchChromium } from './testing/chromium.ts';

interface Device {
  readonly workspace: Workspace;
  readonly share: NearbyShare;
}

interface TestGlobals {
  offgrid: {
    MemoryDocumentStore: typeof MemoryDocumentStore;
    NearbyShare: typeof NearbyShare;
    openWorkspace: typeof openWorkspace;
    createMemoryChannelPair: typeof createMemoryChannelPair;
  };
  devices: { a: Device; b: Device };
}

/** Text of the shadow-DOM node `selector` inside the element `host`. */
const shadowText = (page: Page, host: string, selector: string) =>
  page.$eval(
    host,
    (el, s) => el.shadowRoot?.querySelector(s)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    selector,
  );

describe('elements wired to a framework Workspace in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  before(async () => {
    chromium = await launchChromium();
    page = await chromium.page(join(import.meta.dirname, 'testing', 'wired-page.ts'));
    await page.evaluate(async () => {
      const g = globalThis as unknown as TestGlobals;
      const { MemoryDocumentStore, NearbyShare, openWorkspace, createMemoryChannelPair } = g.offgrid;
      const device = (id: string) => {
        const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
        return { workspace, share: new NearbyShare(workspace, { id }) };
      };
      g.devices = { a: device('dev-a'), b: device('dev-b') };
      const { a, b } = g.devices;
      const [pushA, pushB] = createMemoryChannelPair();
      a.share.addPeer('dev-b', pushA);
      b.share.addPeer('dev-a', pushB);
      document.body.innerHTML = `
        <offgrid-workspace id="A" document="shopping">
          <offgrid-sync-status></offgrid-sync-status>
          <offgrid-presence show-names></offgrid-presence>
          <offgrid-share-nearby document="shopping"></offgrid-share-nearby>
        </offgrid-workspace>
        <offgrid-workspace id="B" document="shopping">
          <offgrid-import-nearby></offgrid-import-nearby>
        </offgrid-workspace>`;
      const A = document.getElementById('A') as HTMLElementTagNameMap['offgrid-workspace'];
      const B = document.getElementById('B') as HTMLElementTagNameMap['offgrid-workspace'];
      Object.assign(A, {
        workspace: a.workspace,
        share: a.share,
        peers: [{ id: 'dev-b', name: 'Bob’s tablet', verified: true }],
      });
      Object.assign(B, {
        workspace: b.workspace,
        share: b.share,
        peers: [{ id: 'dev-a', name: 'Ada’s laptop', verified: true }],
      });
      a.workspace.doc('shopping').getText('t').insert(0, 'milk');
      (await a.workspace.presence('shopping')).set({ name: 'Ada Lovelace' });
      await a.workspace.whenSaved();
    });
  });
  after(() => chromium.close());

  it('the badge and the people follow the workspace’s events', async () => {
    await page.waitForFunction(() =>
      document.querySelector('offgrid-presence')?.shadowRoot?.textContent?.includes('Ada Lovelace (you)'),
    );
    assert.match(await shadowText(page, 'offgrid-sync-status', '[part="connectivity"]'), /Offline/);
    // A link to a peer: the workspace's `status` event reaches the badge with no code of the app's.
    await page.evaluate(() => {
      const g = globalThis as unknown as TestGlobals;
      const [one, two] = g.offgrid.createMemoryChannelPair();
      g.devices.a.workspace.attach(one, { peerId: 'elsewhere' });
      Object.assign(globalThis, { keep: two });
    });
    await page.waitForFunction(() =>
      document.querySelector('offgrid-sync-status')?.shadowRoot?.textContent?.includes('Nearby only'),
    );
    const list = (await axNodes(page)).find(
      (node) => node.role === 'list' && node.name.startsWith('People here'),
    );
    assert.equal(list?.name, 'People here, 1');
  });

  it('shares a document by keyboard; the receiver accepts by keyboard; it merges into the receiver’s workspace', async () => {
    // In A's share form: the peer list's option (one Tab stop), then Share.
    await page.focus('pierce/[role="option"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    const shareButton = (await axNodes(page)).find((node) => node.role === 'button' && node.focused);
    assert.equal(shareButton?.name, 'Share with 1');
    await page.keyboard.press('Enter');

    await page.waitForFunction(() =>
      document.querySelector('offgrid-import-nearby')?.shadowRoot?.querySelector('[part="accept"]'),
    );
    assert.match(await axText(page), /shopping, .* from Ada’s laptop/);
    await page.focus('pierce/[part="accept"]');
    const accept = (await axNodes(page)).find((node) => node.role === 'button' && node.focused);
    assert.equal(accept?.name, 'Accept shopping');
    await page.keyboard.press('Enter');

    await page.waitForFunction(
      () => document.querySelector('offgrid-import-nearby')?.shadowRoot?.textContent?.includes('Received.'),
      { timeout: 10_000 },
    );
    const merged = await page.evaluate(() =>
      (globalThis as unknown as TestGlobals).devices.b.workspace.doc('shopping').getText('t').toString(),
    );
    assert.equal(merged, 'milk');
    await page.waitForFunction(() =>
      document.querySelector('offgrid-share-nearby')?.shadowRoot?.textContent?.includes('Done.'),
    );
    const bar = (await axNodes(page)).find(
      (node) => node.role === 'progressbar' && node.name.includes('Bob'),
    );
    assert.ok(bar, 'the sender sees a progress bar named after the recipient');
    assert.equal(bar.name, 'Bob’s tablet: confirmed');
    const state = await page.evaluate(() =>
      (globalThis as unknown as TestGlobals).devices.b.share.snapshot(),
    );
    assert.equal(state?.incoming[0]?.state, 'imported');
  });

  it('declines by keyboard through the share: the sender’s row says declined', async () => {
    await page.click('pierce/[part="again"]');
    // The form again, with the same people still picked.
    await page.waitForSelector('pierce/[role="option"][aria-selected="true"]');
    await page.focus('pierce/[role="option"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('offgrid-import-nearby')?.shadowRoot?.querySelector('[part="decline"]'),
    );
    await page.focus('pierce/[part="decline"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('offgrid-share-nearby')?.shadowRoot?.textContent?.includes('declined'),
    );
    const offers = await page.evaluate(
      () => (globalThis as unknown as TestGlobals).devices.b.share.snapshot().offers,
    );
    assert.deepEqual(offers, []);
  });
});
