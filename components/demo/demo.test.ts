import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Chromium, launchChromium } from '../src/testing/chromium.ts';
import { serveDemo } from './serve.ts';

const PAGES = ['index', 'presence', 'sync-status', 'peer-list', 'share-nearby', 'import-nearby', 'invite'];

describe('demo pages', () => {
  let chromium: Chromium;
  let demo: Awaited<ReturnType<typeof serveDemo>>;
  before(async () => {
    demo = await serveDemo();
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium.close();
    demo.server.close();
  });

  it("serves only the demo folder's files", async () => {
    assert.equal((await fetch(new URL('serve.ts', demo.url))).status, 404);
    assert.equal((await fetch(new URL('..%2Fpackage.json', demo.url))).status, 404);
    assert.equal((await fetch(new URL('components.js', demo.url))).status, 200);
  });

  for (const name of PAGES)
    it(`${name}.html loads without errors and renders its element`, async () => {
      const page = await chromium.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(new URL(`${name}.html`, demo.url).href, { waitUntil: 'load' });
      if (name !== 'index')
        await page.waitForFunction(
          (tag) => (document.querySelector(tag)?.shadowRoot?.textContent?.trim().length ?? 0) > 0,
          { timeout: 10_000 },
          `offgrid-${name}`,
        );
      assert.deepEqual(errors, []);
      await page.close();
    });

  it('share-nearby.html answers a share with progress and a cancel with cancelled peers', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(new URL('share-nearby.html#progress', demo.url).href, { waitUntil: 'load' });
    await page.waitForSelector('pierce/[part="cancel"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() =>
      document
        .querySelector('offgrid-share-nearby')
        ?.progress?.peers.some((peer) => peer.status === 'cancelled'),
    );
    await page.close();
  });
});
