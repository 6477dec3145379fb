/**
 * 10 000 submissions on a device, in real headless Chromium: they arrive from a relay (a Node `SyncHub` behind
 * `ws`), the list opens and scrolls while the DOM holds only a screenful of rows, and opening one is quick.
 * Times are printed for the record; the bounds are loose (speed is measured in bench/, not here).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { publishForm } from '../submission/form-doc.ts';
import { FormSubmissions } from '../submission/form-submissions.ts';
import { formDocName } from '../submission/submission-docs.ts';
import { householdValues, sampleForm } from '../testing/index.ts';
import { CATALOGUE_DOC, registerForm } from './form-catalogue.ts';
import {
  launchSurveyBrowser,
  type Relay,
  type SurveyBrowser,
  type SurveyServer,
  serveSurvey,
  startRelay,
} from './testing/survey-browser.ts';
import type { SurveyGlobal } from './testing/survey-global.ts';

const COUNT = 10_000;
const START = Date.parse('2026-11-17T07:00:00Z');
let server: SurveyServer;
let browser: SurveyBrowser;
let relay: Relay;

before(async () => {
  const form = await sampleForm('household-needs');
  relay = await startRelay(form.id);
  const doc = (name: string) => (relay.hub.get(name) ?? relay.hub.open(name)).doc;
  publishForm(doc(formDocName(form.id)), form);
  registerForm(doc(CATALOGUE_DOC), form, START);
  // Recorded "over three days" on the clock the model is given.
  let now = START;
  const submissions = new FormSubmissions(form.id, doc, {
    author: { device: 'tablet-1', person: 'Awa' },
    now: () => now,
  });
  for (let n = 0; n < COUNT; n++) {
    now = START + Math.floor((n * 3 * 86_400_000) / COUNT);
    const id = submissions.create(form.version, householdValues(n));
    if (n % 100 === 0) submissions.setStatus(id, 'complete');
  }
  server = await serveSurvey();
  browser = await launchSurveyBrowser();
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await server?.close();
});

const rowCount = (page: Page) => page.$$eval('.virtual-list li', (rows) => rows.length);

it('lists 10 000 submissions without rendering them all, scrolls, and opens one quickly', {
  timeout: 300_000,
}, async () => {
  const page = await browser.open(`${server.url}?person=Awa&device=tablet-1`);
  await page.evaluate((url) => {
    (globalThis as unknown as SurveyGlobal).offgridSurvey.workspace.attach(new WebSocket(url), {
      peerId: 'relay',
    });
  }, relay.url);
  await page.waitForSelector('a[data-form="household_needs"]', { timeout: 30_000 });
  await page.click('a[data-form="household_needs"]');
  const synced = Date.now();
  await page.waitForFunction(
    (count) => document.querySelector('.submissions .count')?.textContent === `${count} submissions`,
    { timeout: 200_000 },
    COUNT,
  );
  console.log(`# 10 000 submissions synced from the relay and listed in ${Date.now() - synced} ms`);
  const first = await rowCount(page);
  assert.ok(first > 5 && first <= 40, `${first} rows in the DOM`);
  // Newest first: the last one recorded, on the third day.
  const top = await page.$eval('.virtual-list li .row-title', (el) => el.textContent);
  assert.equal(top, `Respondent ${COUNT - 1}, "quoted", and a comma`);

  // Reopen the list (the documents are loaded now): it must come back at once.
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await page.waitForSelector('a[data-form="household_needs"]');
  const reopen = Date.now();
  await page.click('a[data-form="household_needs"]');
  await page.waitForSelector('.virtual-list li');
  const reopenMs = Date.now() - reopen;
  console.log(`# list reopened in ${reopenMs} ms`);

  const list = '.virtual-list';
  await page.hover(list);
  for (let i = 0; i < 20; i++) await page.mouse.wheel({ deltaY: 2_000 });
  // Wheel scrolling is animated: wait until it has come to rest before jumping.
  await page.waitForFunction(
    (sel) =>
      new Promise((resolve) => {
        const el = document.querySelector(sel) as HTMLElement;
        const before = el.scrollTop;
        setTimeout(() => resolve(before > 0 && el.scrollTop === before), 300);
      }),
    { polling: 350 },
    list,
  );
  const wheeled = await rowCount(page);
  assert.ok(wheeled <= 40, `${wheeled} rows in the DOM after the wheel`);
  assert.ok(
    Number(await page.$eval('.virtual-list li', (el) => el.getAttribute('aria-posinset'))) > 100,
    'the wheel moved the list on',
  );
  await page.$eval(list, (el) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  await page.waitForFunction(
    (half) => Number(document.querySelector('.virtual-list li')?.getAttribute('aria-posinset')) > half - 50,
    {},
    COUNT / 2,
  );
  const rows = await rowCount(page);
  assert.ok(rows <= 40, `${rows} rows in the DOM after scrolling`);
  const positions = await page.$$eval('.virtual-list li', (els) =>
    els.map((e) => Number(e.getAttribute('aria-posinset'))),
  );
  assert.ok(
    positions.every((p) => Math.abs(p - COUNT / 2) < 60),
    `rows ${positions[0]}…${positions.at(-1)}`,
  );

  const target = await page.$eval('.virtual-list li:nth-child(8) .row-link', (el) => ({
    id: el.getAttribute('data-id'),
    title: el.querySelector('.row-title')?.textContent,
  }));
  const opening = Date.now();
  await page.click('.virtual-list li:nth-child(8) .row-link');
  await page.waitForFunction(
    (title) =>
      (document.querySelector('[data-path="respondent_name"] input') as HTMLInputElement | null)?.value ===
      title,
    {},
    target.title,
  );
  const openMs = Date.now() - opening;
  console.log(`# one submission opened in ${openMs} ms`);
  assert.ok(openMs < 3_000, `opening took ${openMs} ms`);

  // The reviewer's page over the same 10 000: 100 complete ones await review; marking one leaves 99.
  await page.evaluate(() => {
    location.hash = '#/f/household_needs/review';
  });
  const reviewing = Date.now();
  const awaiting = (n: number) =>
    page.waitForFunction(
      (n) =>
        document.querySelector('.awaiting-count')?.textContent ===
        `${n} complete submissions not reviewed yet`,
      {},
      n,
    );
  await awaiting(COUNT / 100);
  const reviewMs = Date.now() - reviewing;
  console.log(`# review queue over 10 000 submissions opened in ${reviewMs} ms`);
  assert.equal(await page.$eval('.review .count', (el) => el.textContent), 'Nothing to review.');
  assert.equal(await page.$$eval('.awaiting li', (items) => items.length), 20);
  await page.click('.awaiting li:first-child button.mark-reviewed');
  await awaiting(COUNT / 100 - 1);
  assert.ok(reviewMs < 10_000, `the review queue took ${reviewMs} ms`);
  assert.ok(reopenMs < 3_000, `reopening the list took ${reopenMs} ms`);
  assert.deepEqual(browser.errors, []);
});
