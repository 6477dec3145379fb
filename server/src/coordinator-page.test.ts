import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sampleBytes, writeXlsForm } from '@offgrid/field-survey/testing';
import { parse } from 'csv-parse/sync';
import type { Page } from 'puppeteer-core';
import { type CoordinatorBrowser, launchCoordinatorBrowser } from './testing/coordinator-browser.ts';
import { type CoordinatorFixture, coordinatorFixture } from './testing/coordinator-fixture.ts';

describe('the coordinator page in headless Chromium, on a server holding three devices’ submissions', () => {
  let f: CoordinatorFixture;
  let chromium: CoordinatorBrowser;
  let page: Page;
  const text = (selector: string, on = page) => on.$eval(selector, (el) => el.textContent ?? '');
  /** Polls from Node (the root tsconfig has no DOM lib for page-side callbacks that name `document`). */
  const waitText = async (selector: string, check: (text: string) => boolean, on = page) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = await on.$eval(selector, (el) => el.textContent ?? '').catch(() => undefined);
      if (found !== undefined && check(found)) return;
      assert.ok(Date.now() < deadline, `${selector} never matched; last ${found}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  before(async () => {
    f = await coordinatorFixture();
    chromium = await launchCoordinatorBrowser();
  });
  after(async () => {
    await chromium?.close();
    await f?.close();
  });

  it('is served under a strict CSP that forbids framing; a wrong token is refused', async () => {
    const response = await fetch(`${f.base}/coordinator/`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(await response.text(), /<script>|<script type="module">/, 'no inline script');
    const tab = await chromium.browser.newPage();
    await tab.goto(`${f.base}/coordinator/`);
    await tab.type('#token', 'not-a-token');
    await tab.click('#login button[type=submit]');
    await waitText('#login-error', (t) => t.includes('does not accept'), tab);
    assert.equal(await tab.evaluate(() => sessionStorage.length), 0);
    await tab.close();
  });

  it('signs in, lists every submission, and keeps the token in sessionStorage only', async () => {
    page = await chromium.open(f.base, 'coord');
    assert.equal(await text('#range'), '1–12 of 12');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('offgrid-coordinator-token')), 'coord');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
  });

  it('draws one SVG circle per submission with a geopoint; clicking one shows the submission', async () => {
    await page.waitForSelector('#map svg circle');
    assert.equal(await page.$$eval('#map svg circle', (els) => els.length), 12 - f.withoutPoint.length);
    assert.ok((await page.$$eval('#map svg line.graticule', (els) => els.length)) >= 2, 'a graticule');
    await page.click('#map circle[data-id="tablet-b-2"]');
    await waitText('#detail-id', (t) => t === 'tablet-b-2');
    assert.match(await text('#detail'), /Bintou \(tablet-b\)/);
  });

  it('lists the open conflict with both values, their devices and times', async () => {
    const conflict = await text('#conflicts li[data-id="tablet-a-1"]');
    assert.match(conflict, /respondent_name/);
    assert.match(conflict, /Aminata Ouédraogo.*tablet-a/);
    assert.match(conflict, /Aminata Ouedraogo.*tablet-b/);
    assert.equal(await page.$$eval('#conflicts li', (els) => els.length), 1);
    const devices = await page.$$eval('#devices tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-device')),
    );
    assert.deepEqual([...devices].sort(), ['phone-c', 'tablet-a', 'tablet-b']);
  });

  it('filters the table (device, then conflict) and the map with it', async () => {
    await page.type('#filter-device', 'tablet-b');
    await page.click('#filters button[type=submit]');
    await waitText('#range', (t) => t === '1–5 of 5');
    assert.equal(await page.$$eval('#map svg circle', (els) => els.length), 5);
    await page.select('#filter-conflict', '1');
    await page.click('#filters button[type=submit]');
    await waitText('#range', (t) => t === '1–1 of 1');
    assert.deepEqual(
      await page.$$eval('#submissions tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id'))),
      ['tablet-a-1'],
    );
    assert.match(await text('#submissions tbody tr'), /1 in conflict/);
  });

  it('uploads an XLSForm: a bad one lists each problem with sheet, row, column and reason; a good one is listed', async () => {
    const bad = join(chromium.downloads, '..', 'bad-form.xlsx');
    await writeFile(
      bad,
      await writeXlsForm({
        survey: {
          header: ['type', 'name', 'label'],
          rows: [
            ['text', 'a', 'A'],
            ['barcode', 'b', 'B'],
          ],
        },
        settings: { header: ['form_id', 'version'], rows: [['bad_form', '1']] },
      }),
    );
    const input = await page.$('#upload');
    await (input as NonNullable<typeof input>).uploadFile(bad);
    await page.click('#upload-button');
    await waitText('#upload-result', (t) => t.includes('Refused'));
    const problems = await page.$$eval('#upload-result tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]?.slice(0, 3), ['survey', '3', 'type']);
    assert.match(problems[0]?.[3] ?? '', /barcode/);
    const good = join(chromium.downloads, '..', 'water-point.xlsx');
    await writeFile(good, await sampleBytes('water-point'));
    await (input as NonNullable<typeof input>).uploadFile(good);
    await page.click('#upload-button');
    await waitText('#upload-result', (t) => t.includes('water_point version'));
  });

  it('downloads the CSV export through the page (the token in a header), with a row per submission', async () => {
    await page.click('#export-csv');
    const file = join(chromium.downloads, 'household_needs.csv');
    const deadline = Date.now() + 10_000;
    while (!(await readdir(chromium.downloads).catch(() => [] as string[])).includes('household_needs.csv')) {
      assert.ok(Date.now() < deadline, 'the CSV was downloaded');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 12);
    assert.equal(rows.find((r) => r.KEY === 'uuid:tablet-a-1')?.Conflicts, '1');
  });
});
