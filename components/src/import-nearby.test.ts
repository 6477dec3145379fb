import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { axNodes, type Chromium, eventually, launchChromium } from './testing/chromium.ts';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

describe('<offgrid-import-nearby> in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  const events: unknown[] = [];
  before(async () => {
    chromium = await launchChromium();
    page = await chromium.page();
    await page.exposeFunction('onEvent', (event: unknown) => events.push(event));
    await page.evaluate(() => {
      const el = document.createElement('offgrid-import-nearby');
      el.peers = [
        { id: 'p1', name: 'Ada’s laptop', verified: true },
        { id: 'p2', name: '<b>Mallory</b>', verified: false },
      ];
      const report = (globalThis as unknown as { onEvent(e: unknown): void }).onEvent;
      for (const type of ['offgrid-accept', 'offgrid-decline', 'offgrid-cancel'])
        el.addEventListener(type, (event) => report({ type, ...(event as CustomEvent).detail }));
      document.body.append(el);
      return el.updateComplete;
    });
  });
  after(() => chromium.close());

  it('says when nothing is offered, then lists offers with their sender, announced politely', async () => {
    assert.match(
      (await page.$eval('pierce/[part="empty"]', (node) => node.textContent)) ?? '',
      /Nothing offered/,
    );
    await page.evaluate(
      (a, b) => {
        const el = document.querySelector('offgrid-import-nearby');
        if (!el) throw new Error('no element');
        el.offers = [
          {
            transferId: a,
            from: 'p1',
            kind: 'file',
            name: 'site-plan.pdf',
            mediaType: 'application/pdf',
            totalBytes: 2_400_000,
          },
          {
            transferId: b,
            from: 'p2',
            kind: 'file',
            name: 'photos.zip',
            mediaType: 'application/zip',
            totalBytes: 900,
          },
        ];
        return el.updateComplete;
      },
      ID_A,
      ID_B,
    );
    const tree = await axNodes(page);
    assert.deepEqual(
      tree.filter((node) => node.role === 'listitem').map((node) => node.name),
      ['site-plan.pdf, 2.4 MB, from Ada’s laptop', 'photos.zip, 900 bytes, from <b>Mallory</b> (unverified)'],
    );
    assert.deepEqual(
      tree.filter((node) => node.role === 'button').map((node) => node.name),
      ['Decline site-plan.pdf', 'Accept site-plan.pdf', 'Decline photos.zip', 'Accept photos.zip'],
    );
    // The sender's name is text, never markup.
    assert.equal(await page.$('pierce/b'), null);
    const live = await page.$eval('pierce/[aria-live="polite"]', (node) => node.textContent?.trim());
    assert.equal(live, '<b>Mallory</b> (unverified) offers photos.zip');
  });

  it('accepts with Enter and declines with Space', async () => {
    await page.keyboard.press('Tab'); // Decline site-plan.pdf
    await page.keyboard.press('Tab'); // Accept site-plan.pdf
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // Decline photos.zip
    await page.keyboard.press('Space');
    await eventually(() =>
      assert.deepEqual(events, [
        { type: 'offgrid-accept', transferId: ID_A },
        { type: 'offgrid-decline', transferId: ID_B },
      ]),
    );
  });

  it('shows the receipt\'s progress and a Cancel, then "Received"', async () => {
    const set = (received: number) =>
      page.evaluate(
        (a, bytes) => {
          const el = document.querySelector('offgrid-import-nearby');
          if (!el) throw new Error('no element');
          el.offers = (el.offers ?? []).slice(0, 1);
          el.receipts = [
            {
              transferId: a,
              totalBytes: 2_400_000,
              receivedBytes: bytes,
              rate: 1_000_000,
              remainingMs: 1200,
            },
          ];
          return el.updateComplete;
        },
        ID_A,
        received,
      );
    await set(1_200_000);
    const facts = await page.$eval('pierce/[part="facts"]', (node) =>
      node.textContent?.replace(/\s+/g, ' ').trim(),
    );
    assert.equal(facts, '1.2 MB of 2.4 MB · 1 MB/s · in 1 sec.');
    const bar = (await axNodes(page)).find((node) => node.role === 'progressbar');
    assert.equal(bar?.name, 'Receiving site-plan.pdf');
    await page.click('pierce/[part="cancel"]');
    await eventually(() => assert.deepEqual(events.at(-1), { type: 'offgrid-cancel', transferId: ID_A }));
    await set(2_400_000);
    assert.equal(await page.$('pierce/[part="cancel"]'), null);
    assert.ok((await axNodes(page)).some((node) => node.role === 'status'));
  });
});
