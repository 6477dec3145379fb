/**
 * The field worker's page in real headless Chromium, served as `fieldSurveyApp.build()` makes it under a strict
 * CSP: import the sample household XLSForm through the page, fill it with keyboard and clicks (required and
 * constraint messages, relevance hiding questions, a repeat group, a photo, a geopoint from the browser's
 * geolocation), mark it complete; the stored submission matches field by field, with who and when; after a
 * reload it is all still there; the page's CSV, GeoJSON and zip exports hold it, photo included.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Page } from 'puppeteer-core';
import { FORMS_DIR } from '../testing/index.ts';
import {
  launchSurveyBrowser,
  type SurveyBrowser,
  type SurveyServer,
  serveSurvey,
} from './testing/survey-browser.ts';
import { importForm, screenshot, storedSubmission } from './testing/survey-page-steps.ts';

// A 1×1 PNG.
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const START = Date.parse('2026-11-20T09:00:00Z');
let server: SurveyServer;
let browser: SurveyBrowser;
let dir: string;

before(async () => {
  server = await serveSurvey();
  browser = await launchSurveyBrowser();
  dir = await mkdtemp(join(tmpdir(), 'offgrid-survey-files-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const q = (path: string) => `[data-path="${path}"]`;

async function type(page: Page, path: string, text: string): Promise<void> {
  // Focus, not a click at coordinates: messages appear and go as answers are saved, moving the questions.
  await page.focus(`${q(path)} input`);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

/** A button pressed with the keyboard (it may have moved since the last render). */
async function press(page: Page, selector: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.press('Enter');
}

async function message(page: Page, path: string): Promise<string> {
  await page.waitForSelector(`${q(path)} .message`);
  return page.$eval(`${q(path)} .message`, (el) => el.textContent ?? '');
}

it('fills the household form through the page; the stored submission matches, also after a reload', {
  timeout: 120_000,
}, async () => {
  const url = `${server.url}?person=Awa&device=tablet-1&now=${START}`;
  const page = await browser.open(url);
  await browser.browser
    .defaultBrowserContext()
    .overridePermissions(new URL(server.url).origin, ['geolocation']);
  await page.setGeolocation({ latitude: 12.3714, longitude: -1.5197, accuracy: 8 });
  await importForm(page, join(FORMS_DIR, 'household-needs.xlsx'));
  await page.click('a[data-form="household_needs"]');
  await page.waitForSelector('.submissions button.primary');
  await page.click('.submissions button.primary');
  await page.waitForSelector(q('respondent_name'));

  // Required: marking an empty submission complete flags the required questions.
  await press(page, '.actions button.primary');
  assert.equal(await message(page, 'respondent_name'), 'this question is required');
  assert.equal(await message(page, 'visit_date'), 'this question is required');

  await page.click(`${q('visit_date')} input`);
  await page.keyboard.type('11202026');
  await page.keyboard.press('Tab');
  await page.click(`${q('visit_time')} input`);
  await page.keyboard.type('0930AM');
  await page.keyboard.press('Tab');
  await page.click(`${q('location')} button.locate`);
  await page.waitForFunction(
    (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '12.3714',
    {},
    `${q('location')} [data-part=lat]`,
  );
  await type(page, 'respondent_name', 'Moussa Traoré');
  // Constraint: a child is refused with the form's message, then corrected.
  await type(page, 'respondent_age', '12');
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent !== '',
    {},
    `${q('respondent_age')} .message`,
  );
  assert.equal(await message(page, 'respondent_age'), 'The respondent must be an adult (18 to 120)');
  await type(page, 'respondent_age', '34');
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent === '',
    {},
    `${q('respondent_age')} .message`,
  );

  // Relevance: the household questions appear only with consent; the thank-you note only without.
  assert.equal(await page.$(q('household_size')), null);
  await page.click(`${q('consent')} input[value=no]`);
  await page.waitForSelector(q('no_consent'));
  assert.equal(await page.$(q('household_size')), null);
  await page.click(`${q('consent')} input[value=yes]`);
  await page.waitForSelector(q('household_size'));
  assert.equal(await page.$(q('no_consent')), null);
  await type(page, 'household_size', '2');

  // A repeat group: two members.
  for (const [i, name, age, sex] of [
    [1, 'Awa', '31', 'female'],
    [2, 'Ali', '7', 'male'],
  ] as const) {
    // Keyboard: the button moves as answers fill in, so a click at its old place could miss it.
    await page.focus('[data-repeat=members] button.add');
    await page.keyboard.press('Enter');
    await page.waitForSelector(q(`members[${i}]/member_name`));
    await type(page, `members[${i}]/member_name`, name);
    await type(page, `members[${i}]/member_age`, age);
    await page.click(`${q(`members[${i}]/member_sex`)} input[value=${sex}]`);
    await page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.checked === true,
      {},
      `${q(`members[${i}]/member_sex`)} input[value=${sex}]`,
    );
  }
  assert.equal(await page.$(q('first_need')), null);
  await page.click(`${q('needs')} input[value=food]`);
  await page.click(`${q('needs')} input[value=water]`);
  await page.waitForSelector(q('first_need'));
  await page.click(`${q('first_need')} input[value=water]`);
  await type(page, 'water_litres', '42.5');

  const photoPath = join(dir, 'dwelling.png');
  await writeFile(photoPath, PNG);
  const fileInput = await page.waitForSelector(`${q('dwelling_photo')} input[type=file]`);
  await fileInput?.uploadFile(photoPath);
  await page.waitForSelector(`${q('dwelling_photo')} img[src^="blob:"]`);
  await screenshot(page, 'field-survey-form.png');

  await press(page, '.actions button.primary');
  const messages = await page.$$eval('.question .message', (els) =>
    els
      .map((el) => `${el.closest('.question')?.getAttribute('data-path')}: ${el.textContent}`)
      .filter((t) => !t.endsWith(': ')),
  );
  assert.deepEqual(messages, []);
  await page.waitForSelector('.fill-head .status[data-status=complete]');

  const photoName = `${createHash('sha256').update(PNG).digest('hex')}.png`;
  const expected = {
    visit_date: '2026-11-20',
    visit_time: '09:30',
    location: { lat: 12.3714, lon: -1.5197, accuracy: 8 },
    respondent_name: 'Moussa Traoré',
    respondent_age: 34,
    consent: 'yes',
    household_size: 2,
    members: [
      { member_name: 'Awa', member_age: 31, member_sex: 'female' },
      { member_name: 'Ali', member_age: 7, member_sex: 'male' },
    ],
    needs: ['food', 'water'],
    first_need: 'water',
    water_litres: 42.5,
    dwelling_photo: photoName,
  };
  const check = async (p: Page) => {
    const stored = await storedSubmission(p, 'household_needs');
    assert.equal(stored.status, 'complete');
    assert.deepEqual(stored.values, expected);
    assert.deepEqual(stored.conflicts, []);
    assert.deepEqual(stored.photo, [...PNG]);
    for (const edit of stored.edits) {
      assert.deepEqual(edit.by, { device: 'tablet-1', person: 'Awa' });
      assert.ok(edit.at >= START && edit.at < START + 600_000, `edit at ${new Date(edit.at).toISOString()}`);
    }
    assert.ok(stored.edits.length >= 14, `${stored.edits.length} edits`);
  };
  await check(page);

  await page.reload();
  await page.waitForSelector(`${q('respondent_name')} input`);
  await page.waitForFunction(
    (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'Moussa Traoré',
    {},
    `${q('respondent_name')} input`,
  );
  await check(page);

  // The exports on the device: the files the buttons save hold this submission.
  const downloads = join(dir, 'downloads');
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.evaluate(() => {
    location.hash = '#/f/household_needs';
  });
  for (const button of ['CSV', 'GeoJSON', 'Zip with photos']) {
    const [handle] = await page.$$(
      `xpath/.//section[@class="exports"]//button[normalize-space()="${button}"]`,
    );
    await handle?.click();
  }
  const read = (name: string) => waitForFile(join(downloads, name));
  const csv = parse(new TextDecoder().decode(await read('household_needs.csv')), {
    columns: true,
  }) as Record<string, string>[];
  assert.equal(csv.length, 1);
  assert.equal(csv[0]?.respondent_name, 'Moussa Traoré');
  assert.equal(csv[0]?.location, '12.3714 -1.5197 0 8');
  assert.equal(csv[0]?.ReviewState, 'complete');
  const members = parse(new TextDecoder().decode(await read('household_needs-members.csv')), {
    columns: true,
  }) as Record<string, string>[];
  assert.deepEqual(
    members.map((m) => m.member_name),
    ['Awa', 'Ali'],
  );
  const geojson = JSON.parse(new TextDecoder().decode(await read('household_needs.geojson')));
  assert.deepEqual(geojson.features[0].geometry.coordinates, [-1.5197, 12.3714]);
  const zip = unzipSync(await read('household_needs.zip'));
  assert.deepEqual(Object.keys(zip).sort(), [
    'household_needs-members.csv',
    'household_needs.csv',
    `media/${photoName}`,
  ]);
  assert.deepEqual([...(zip[`media/${photoName}`] ?? [])], [...PNG]);
  assert.deepEqual(browser.errors, []);
});

/** The bytes of a downloaded file, once Chromium has finished writing it. */
async function waitForFile(path: string): Promise<Uint8Array> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
