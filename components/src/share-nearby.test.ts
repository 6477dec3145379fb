import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ElementHandle, Page } from 'puppeteer-core';
import { axNodes, type Chromium, eventually, launchChromium } from './testing/chromium.ts';

describe('<offgrid-share-nearby> in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  let dir: string;
  const events: unknown[] = [];
  before(async () => {
    chromium = await launchChromium();
    page = await chromium.page();
    dir = await mkdtemp(join(tmpdir(), 'offgrid-share-'));
    await page.exposeFunction('onEvent', (event: unknown) => events.push(event));
    await page.evaluate(() => {
      const el = document.createElement('offgrid-share-nearby');
      el.peers = [
        { id: 'peer-a', name: 'Ada’s laptop', verified: true },
        { id: 'peer-b', name: 'Grace’s phone', verified: true },
      ];
      const report = (globalThis as unknown as { onEvent(e: unknown): void }).onEvent;
      el.addEventListener('offgrid-share', (event) => {
        const { file, peers } = (event as CustomEvent<{ file: File; peers: string[] }>).detail;
        report({ type: event.type, file: file.name, size: file.size, peers });
      });
      el.addEventListener('offgrid-cancel', (event) =>
        report({ type: event.type, ...(event as CustomEvent).detail }),
      );
      document.body.append(el);
      return el.updateComplete;
    });
  });
  after(async () => {
    await chromium.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shares a chosen file with the peers picked by keyboard', async () => {
    const share = () =>
      page.$eval('pierce/[part="share"]', (button) => (button as HTMLButtonElement).disabled);
    assert.equal(await share(), true, 'nothing to share yet');
    const path = join(dir, 'minutes.txt');
    await writeFile(path, 'x'.repeat(1234));
    const input = (await page.$('pierce/input[type="file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
    await page.waitForFunction(
      () => document.querySelector('offgrid-share-nearby')?.file?.name === 'minutes.txt',
    );
    // Tab: file input, then the peer list; Space picks the first, ArrowDown + Space the second.
    await input.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    const tree = await axNodes(page);
    const button = tree.find((node) => node.role === 'button' && node.focused);
    assert.equal(button?.name, 'Share with 2');
    await page.keyboard.press('Enter');
    await eventually(() =>
      assert.deepEqual(events, [
        { type: 'offgrid-share', file: 'minutes.txt', size: 1234, peers: ['peer-a', 'peer-b'] },
      ]),
    );
  });

  it("shows each peer's progress with bytes, rate and time left, and cancels with Escape", async () => {
    await page.evaluate(() => {
      const el = document.querySelector('offgrid-share-nearby');
      if (!el) throw new Error('no element');
      el.progress = {
        transferId: 'f'.repeat(64),
        totalBytes: 5_000_000,
        sentBytes: 3_000_000,
        peers: [
          {
            peer: 'peer-a',
            status: 'receiving',
            receivedBytes: 1_500_000,
            rate: 800_000,
            remainingMs: 4_400,
          },
          { peer: 'peer-b', status: 'confirmed', receivedBytes: 5_000_000, rate: 0, remainingMs: undefined },
        ],
      };
      return el.updateComplete;
    });
    const rows = await page.$$eval('pierce/[part="row"]', (nodes) =>
      nodes.map((node) => node.textContent?.replace(/\s+/g, ' ').trim()),
    );
    assert.deepEqual(rows, [
      'Ada’s laptop receiving · 1.5 MB of 5 MB · 800 kB/s · in 4 sec.',
      'Grace’s phone received and checked · 5 MB of 5 MB',
    ]);
    const bars = (await axNodes(page)).filter((node) => node.role === 'progressbar');
    assert.deepEqual(
      bars.map((bar) => [bar.name, bar.value]),
      [
        ['Ada’s laptop: receiving', 1_500_000],
        ['Grace’s phone: confirmed', 5_000_000],
      ],
    );
    await page.focus('pierce/[part="cancel"]');
    await page.keyboard.press('Escape');
    await eventually(() =>
      assert.deepEqual(events.at(-1), { type: 'offgrid-cancel', transferId: 'f'.repeat(64) }),
    );
  });

  it('says done and offers no Cancel once no peer is still receiving', async () => {
    await page.evaluate(() => {
      const el = document.querySelector('offgrid-share-nearby');
      if (!el?.progress) throw new Error('no progress');
      el.progress = {
        ...el.progress,
        peers: el.progress.peers.map((peer) => ({ ...peer, status: 'confirmed' as const })),
      };
      return el.updateComplete;
    });
    assert.equal(await page.$('pierce/[part="cancel"]'), null);
    const status = (await axNodes(page)).find((node) => node.role === 'status');
    assert.ok(status);
  });
});
