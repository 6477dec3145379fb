import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { peerMarks } from './peer-list.ts';
import { axNodes, type Chromium, eventually, launchChromium } from './testing/chromium.ts';

const PEERS = [
  { id: 'a', name: 'Ada’s laptop', verified: true, trusted: true, fingerprint: 'a1b2c3d4e5f6' },
  { id: 'b', name: 'Meeting room', verified: false },
  { id: 'c', name: 'Ada’s laptop', verified: false, suspicious: ['same name as a paired device'] },
];

describe('peerMarks', () => {
  it('flags as `offgrid peers` does', () => {
    assert.deepEqual(peerMarks(PEERS[0] as never), ['verified', 'paired']);
    assert.deepEqual(peerMarks(PEERS[2] as never), [
      'unverified',
      'suspicious: same name as a paired device',
    ]);
  });
});

describe('<offgrid-peer-list> in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  const events: string[][] = [];
  before(async () => {
    chromium = await launchChromium();
    page = await chromium.page();
    await page.exposeFunction('onSelection', (selected: string[]) => events.push(selected));
    await page.evaluate((peers) => {
      const el = document.createElement('offgrid-peer-list');
      el.peers = peers;
      el.addEventListener('offgrid-selection-change', (event) =>
        (globalThis as unknown as { onSelection(s: string[]): void }).onSelection(
          (event as CustomEvent<{ selected: string[] }>).detail.selected,
        ),
      );
      document.body.append(el);
      return el.updateComplete;
    }, PEERS);
  });
  after(() => chromium.close());

  it('is a multi-select listbox whose options read name and marks', async () => {
    const tree = await axNodes(page);
    const listbox = tree.find((node) => node.role === 'listbox');
    assert.equal(listbox?.name, 'Nearby devices');
    const options = tree.filter((node) => node.role === 'option');
    assert.deepEqual(
      options.map((node) => [node.name, node.selected]),
      [
        ['Ada’s laptop verified paired', false],
        ['Meeting room unverified', false],
        ['Ada’s laptop unverified suspicious: same name as a paired device', false],
      ],
    );
  });

  it('moves with arrows, selects with Space and Enter, one Tab stop', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await page.keyboard.press('End');
    const options = (await axNodes(page)).filter((node) => node.role === 'option');
    assert.deepEqual(
      options.map((node) => node.selected),
      [false, false, true],
    );
    assert.equal(
      options.findIndex((node) => node.focused),
      2,
    );
    await eventually(() => assert.deepEqual(events, [['a'], ['a', 'c'], ['c']]));
    await page.keyboard.press('Tab');
    const left = await page.evaluate(() => document.activeElement?.tagName);
    assert.equal(left, 'BODY');
  });

  it('selects one at most when not multiple, and by click', async () => {
    await page.evaluate(() => {
      const el = document.querySelector('offgrid-peer-list');
      if (!el) throw new Error('no element');
      el.multiple = false;
      el.selected = [];
      return el.updateComplete;
    });
    await page.click('pierce/#peer-0');
    await page.click('pierce/#peer-1');
    await eventually(() => assert.deepEqual(events.slice(-2), [['a'], ['b']]));
    const listbox = (await axNodes(page)).find((node) => node.role === 'listbox');
    assert.ok(listbox);
    const multiselectable = await page.$eval('pierce/[role="listbox"]', (node) =>
      node.getAttribute('aria-multiselectable'),
    );
    assert.equal(multiselectable, 'false');
  });
});
