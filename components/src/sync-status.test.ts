import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { axNodes, type Chromium, eventually, launchChromium } from './testing/chromium.ts';

const NOW = Date.UTC(2026, 11, 1, 14, 30);

describe('<offgrid-sync-status> in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  before(async () => {
    chromium = await launchChromium();
    page = await chromium.page();
  });
  after(() => chromium.close());

  /** The element's text without what is hidden from assistive technology (the visual separator). */
  const text = () =>
    page.$eval('offgrid-sync-status', (el) => {
      const copy = document.createElement('div');
      for (const node of el.shadowRoot?.childNodes ?? []) copy.append(node.cloneNode(true));
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return copy.textContent?.replace(/\s+/g, ' ').trim();
    });

  it('says in plain words what is not on the server, from its properties', async () => {
    await page.evaluate((now) => {
      const el = document.createElement('offgrid-sync-status');
      el.now = now;
      el.locale = 'en-GB';
      el.status = {
        connectivity: 'nearby only',
        documents: [
          { name: 'Shopping', notOnAnyPeer: 1, notOnServer: 3, oldestUnconfirmedAt: now - 2 * 3600_000 },
          { name: 'Trip', notOnAnyPeer: 0, notOnServer: 0, lastServerConfirmationAt: now - 600_000 },
        ],
      };
      document.body.append(el);
      return el.updateComplete;
    }, NOW);
    assert.match(
      (await text()) ?? '',
      /Nearby only: 3 changes not yet on the server, 1 only on this device, oldest 2 hr?\.? ago/,
    );
  });

  it('has a polite live region, and says "all saved" when the server has everything', async () => {
    const live = await page.$eval('offgrid-sync-status', (el) =>
      el.shadowRoot?.querySelector('[aria-live]')?.getAttribute('aria-live'),
    );
    assert.equal(live, 'polite');
    await page.evaluate((now) => {
      const el = document.querySelector('offgrid-sync-status');
      if (!el) throw new Error('no element');
      el.status = {
        connectivity: 'online',
        documents: [
          { name: 'Trip', notOnAnyPeer: 0, notOnServer: 0, lastServerConfirmationAt: now - 28 * 60_000 },
        ],
      };
      return el.updateComplete;
    }, NOW);
    const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(
      NOW - 28 * 60_000,
    );
    assert.match((await text()) ?? '', new RegExp(`Online: All saved on the server at ${clock}`));
  });

  it('opens the per-document details with Enter and closes them with Escape; the tree shows the status and button', async () => {
    await page.evaluate(() => {
      const el = document.querySelector('offgrid-sync-status');
      if (el) el.open = false;
      return el?.updateComplete;
    });
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() =>
      document.querySelector('offgrid-sync-status')?.shadowRoot?.activeElement?.textContent?.trim(),
    );
    assert.equal(focused, 'Details');
    const events: boolean[] = [];
    await page.exposeFunction('onToggle', (open: boolean) => events.push(open));
    await page.evaluate(() =>
      document.addEventListener('offgrid-toggle', (event) =>
        (globalThis as unknown as { onToggle(o: boolean): void }).onToggle(
          (event as CustomEvent<{ open: boolean }>).detail.open,
        ),
      ),
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('offgrid-sync-status')?.shadowRoot?.querySelector('ul li'),
    );
    const tree = await axNodes(page);
    assert.ok(tree.some((node) => node.role === 'status'));
    assert.ok(
      tree.some((node) => node.role === 'button' && node.name === 'Details' && node.expanded === true),
    );
    assert.ok(tree.some((node) => node.role === 'list' && node.name === 'Documents'));
    await page.keyboard.press('Escape');
    await page.waitForFunction(
      () => !document.querySelector('offgrid-sync-status')?.shadowRoot?.querySelector('ul'),
    );
    await eventually(() => assert.deepEqual(events, [true, false]));
  });

  it('follows a status source provided through the context protocol, and lets go of it when removed', async () => {
    const seen = await page.evaluate(async () => {
      // A provider as any framework (or none) can write it: answer the context-request event (@lit/context).
      let status = { connectivity: 'offline', documents: [{ name: 'A', notOnAnyPeer: 2, notOnServer: 2 }] };
      const source = new EventTarget() as EventTarget & { snapshot(): unknown; listeners: number };
      source.snapshot = () => status;
      source.listeners = 0;
      const add = source.addEventListener.bind(source);
      const remove = source.removeEventListener.bind(source);
      source.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => {
        source.listeners++;
        add(...args);
      };
      source.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => {
        source.listeners--;
        remove(...args);
      };
      const host = document.createElement('section');
      host.addEventListener('context-request', (event) => {
        const request = event as Event & { context: unknown; callback(value: unknown): void };
        if (request.context !== Symbol.for('offgrid-workspace')) return;
        event.stopPropagation();
        request.callback({ status: source });
      });
      document.body.append(host);
      const el = document.createElement('offgrid-sync-status');
      host.append(el);
      await el.updateComplete;
      const words = () =>
        el.shadowRoot
          ?.querySelector('[role="status"]')
          ?.textContent?.replace(/[\s·]+/g, ' ')
          .trim();
      const first = words();
      status = { connectivity: 'online', documents: [{ name: 'A', notOnAnyPeer: 0, notOnServer: 1 }] };
      source.dispatchEvent(new Event('change'));
      await el.updateComplete;
      const second = words();
      const attached = source.listeners;
      el.remove();
      return { first, second, attached, detached: source.listeners };
    });
    assert.match(seen.first ?? '', /Offline: 2 changes not yet on the server, 2 only on this device/);
    assert.match(seen.second ?? '', /Online: 1 change not yet on the server/);
    assert.equal(seen.attached, 1);
    assert.equal(seen.detached, 0);
  });
});
