/**
 * The page the first time, in real headless Chromium: it asks who is using the device before anything else and
 * records that name; a malformed XLSForm imported through the page lists every problem with its sheet and row,
 * and adds no form.
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { ElementHandle } from 'puppeteer-core';
import { writeXlsForm } from '../testing/index.ts';
import {
  launchSurveyBrowser,
  type SurveyBrowser,
  type SurveyServer,
  serveSurvey,
} from './testing/survey-browser.ts';
import type { SurveyGlobal } from './testing/survey-global.ts';

let server: SurveyServer;
let browser: SurveyBrowser;

before(async () => {
  server = await serveSurvey();
  browser = await launchSurveyBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

it('asks for the name first, then refuses a malformed form with its problems', {
  timeout: 60_000,
}, async () => {
  const page = await browser.browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('form.who-form input#person');
  assert.equal(await page.$('offgrid-sync-status'), null, 'nothing else before the name');
  await page.focus('#person');
  await page.keyboard.type('Awa Diallo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('.who')?.textContent?.startsWith('Awa Diallo · device-'),
  );
  const author = await page.evaluate(
    () => (globalThis as unknown as SurveyGlobal).offgridSurvey.session.author,
  );
  assert.equal(author.person, 'Awa Diallo');
  await page.reload();
  await page.waitForSelector('.who');
  assert.equal(await page.$('form.who-form'), null, 'asked once');

  const broken = await writeXlsForm({
    survey: {
      header: ['type', 'name', 'label'],
      rows: [
        ['select_one nowhere', 'q1', 'Where?'],
        ['integer', '', 'No name'],
      ],
    },
    settings: { header: ['form_id', 'version'], rows: [['broken', '1']] },
  });
  await page.evaluate(() => {
    (document.querySelector('details.import') as HTMLDetailsElement).open = true;
  });
  const input = (await page.waitForSelector('#import-file')) as ElementHandle<HTMLInputElement>;
  const file = join(tmpdir(), `offgrid-broken-${process.pid}.xlsx`);
  await writeFile(file, broken);
  await input.uploadFile(file);
  await page.waitForSelector('.problems li', { timeout: 30_000 });
  const problems = await page.$$eval('.problems li', (items) => items.map((li) => li.textContent ?? ''));
  assert.ok(
    problems.some((p) => p.startsWith('survey row 2') && p.includes('nowhere')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('survey row 3')),
    problems.join('\n'),
  );
  assert.equal(await page.$('a.form-link'), null, 'no form added');
  await rm(file, { force: true });
});
