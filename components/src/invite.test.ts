import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { looksLikeCode } from './invite.ts';
import { axNodes, axText, type Chromium, eventually, launchChromium } from './testing/chromium.ts';

describe('looksLikeCode', () => {
  it('takes digits with dashes and spaces, 6 to 30 digits', () => {
    assert.equal(looksLikeCode('0614-8854-8833'), true);
    assert.equal(looksLikeCode('614 885'), true);
    assert.equal(looksLikeCode('12345'), false);
    assert.equal(looksLikeCode('0614-88a4-8833'), false);
    assert.equal(looksLikeCode('1'.repeat(31)), false);
  });
});

describe('<offgrid-invite> in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  const events: unknown[] = [];
  before(async () => {
    chromium = await launchChromium();
    page = await chromium.page();
    await page.exposeFunction('onEvent', (event: unknown) => events.push(event));
    await page.evaluate(() => {
      const el = document.createElement('offgrid-invite');
      const report = (globalThis as unknown as { onEvent(e: unknown): void }).onEvent;
      for (const type of ['offgrid-join', 'offgrid-new-code', 'offgrid-cancel', 'offgrid-mode-change'])
        el.addEventListener(type, (event) => report({ type, ...(event as CustomEvent).detail }));
      // The spec's example PSK (osp-network Appendix B): 61488548833, QR text E5100CBE1.
      el.code = '0614-8854-8833';
      el.qrText = 'E5100CBE1';
      document.body.append(el);
      return el.updateComplete;
    });
  });
  after(() => chromium.close());

  it('shows the code as digits read one by one, and as a QR code', async () => {
    await page.waitForSelector('pierce/[part="qr"] svg');
    const tree = await axNodes(page);
    const spoken = await axText(page);
    assert.match(spoken, /Code: 0 6 1 4 8 8 5 4 8 8 3 3/);
    assert.doesNotMatch(spoken, /0614-8854-8833/, 'the grouped digits would be read as numbers');
    const images = tree.filter((node) => node.role === 'image' || node.role === 'img');
    assert.deepEqual(
      images.map((node) => node.name),
      ['QR code of the same code'],
    );
    const shown = await page.$eval('pierce/[part="code"] [aria-hidden]', (node) => node.textContent);
    assert.equal(shown, '0614-8854-8833');
    // A version-1 code with a 4-module margin: 29 × 29 modules in the SVG's viewBox.
    const viewBox = await page.$eval('pierce/[part="qr"] svg', (svg) => svg.getAttribute('viewBox'));
    assert.equal(viewBox, '0 0 29 29');
  });

  it('switches to Join by keyboard; a wrong code gets an alert, a good one an offgrid-join event', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.waitForSelector('pierce/input');
    await eventually(() => assert.deepEqual(events.at(-1), { type: 'offgrid-mode-change', mode: 'join' }));
    await page.keyboard.press('Tab');
    let tree = await axNodes(page);
    const field = tree.find((node) => node.focused);
    assert.equal(field?.name, 'Code shown on the other device');
    await page.keyboard.type('12ab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('offgrid-invite')?.error);
    tree = await axNodes(page);
    assert.ok(tree.some((node) => node.role === 'alert'));
    assert.match(await axText(page), /Type the digits/);
    assert.equal(tree.find((node) => node.role === 'textbox')?.invalid, 'true');
    await page.evaluate(() => {
      const input = document.querySelector('offgrid-invite')?.shadowRoot?.querySelector('input');
      if (input) input.value = '';
    });
    await page.keyboard.type('0614 8854 8833');
    await page.keyboard.press('Enter');
    await eventually(() => assert.deepEqual(events.at(-1), { type: 'offgrid-join', code: '0614 8854 8833' }));
  });

  it("shows the caller's error after a failed pairing, and Escape cancels", async () => {
    await page.evaluate(() => {
      const el = document.querySelector('offgrid-invite');
      if (el) el.error = 'That code did not match. Ask for a new one.';
      return el?.updateComplete;
    });
    assert.match(await axText(page), /That code did not match\. Ask for a new one\./);
    await page.keyboard.press('Escape');
    await eventually(() => assert.deepEqual(events.at(-1), { type: 'offgrid-cancel' }));
  });
});
