/**
 * Two field devices in real headless Chromium (two origins, so two IndexedDB stores), joined by a relay (a Node
 * `SyncHub` behind a `ws` server) that each page attaches to. Both edit the same answer while cut off; once they
 * reconnect, both review queues show both values with who typed them; a reviewer resolves it on one device and
 * the other device sees it resolved.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { FORMS_DIR } from '../testing/index.ts';
import {
  launchSurveyBrowser,
  type Relay,
  type SurveyBrowser,
  type SurveyServer,
  serveSurvey,
  startRelay,
} from './testing/survey-browser.ts';
import type { SurveyGlobal } from './testing/survey-global.ts';
import { importForm, screenshot } from './testing/survey-page-steps.ts';

let servers: SurveyServer[] = [];
let browser: SurveyBrowser;
let relay: Relay;

before(async () => {
  servers = await Promise.all([serveSurvey(), serveSurvey()]);
  browser = await launchSurveyBrowser();
  relay = await startRelay('household_needs');
});

after(async () => {
  await browser?.close();
  await relay?.close();
  for (const server of servers) await server.close();
});

const connect = (page: Page, url: string) =>
  page.evaluate((url) => {
    (globalThis as unknown as SurveyGlobal).offgridSurvey.workspace.attach(new WebSocket(url), {
      peerId: 'relay',
    });
  }, url);

async function setName(page: Page, text: string): Promise<void> {
  const input = '[data-path="respondent_name"] input';
  await page.waitForSelector(input);
  await page.focus(input);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
  await page.waitForFunction(
    (text) =>
      (globalThis as unknown as SurveyGlobal).offgridSurvey.session
        .openForm('household_needs')
        .then(
          (open) => open.submissions.view(open.index.rows()[0]?.id ?? '').values.respondent_name === text,
        ),
    {},
    text,
  );
}

const conflictValues = (page: Page) =>
  page.$$eval('.conflict-choice[data-key="respondent_name"] .conflict-value', (labels) =>
    labels
      .filter((l) => l.querySelector('.value'))
      .map((l) => `${l.querySelector('.value')?.textContent} by ${l.querySelector('.by')?.textContent}`)
      .sort(),
  );

it('a conflict made offline shows on both devices with both values and authors; resolved on one, resolved on both', {
  timeout: 120_000,
}, async () => {
  const [a, b] = await Promise.all([
    browser.open(`${servers[0]?.url}?person=Awa&device=tablet-1`),
    browser.open(`${servers[1]?.url}?person=Bintou&device=tablet-2`),
  ]);
  assert.ok(a && b);
  await connect(a, relay.url);
  await connect(b, relay.url);
  await a.bringToFront();
  await importForm(a, join(FORMS_DIR, 'household-needs.xlsx'));
  await b.waitForSelector('a[data-form="household_needs"]', { timeout: 20_000 });

  await a.click('a[data-form="household_needs"]');
  await a.waitForSelector('.submissions button.primary');
  await a.click('.submissions button.primary');
  await setName(a, 'Moussa');
  await b.bringToFront();
  await b.click('a[data-form="household_needs"]');
  await b.waitForSelector('label:has(input[value=all])');
  await b.click('label:has(input[value=all])');
  await b.waitForSelector('.row-link', { timeout: 20_000 });
  await b.click('.row-link');
  await b.waitForFunction(
    () =>
      (document.querySelector('[data-path="respondent_name"] input') as HTMLInputElement | null)?.value ===
      'Moussa',
  );

  relay.dropAll();
  await a.bringToFront();
  await setName(a, 'Moussa Traoré');
  await b.bringToFront();
  await setName(b, 'Mousa Traore');
  await connect(a, relay.url);
  await connect(b, relay.url);

  const expected = ['Mousa Traore by Bintou (tablet-2)', 'Moussa Traoré by Awa (tablet-1)'];
  for (const page of [a, b]) {
    await page.bringToFront();
    await page.waitForSelector('.warning a', { timeout: 20_000 });
    await page.click('.warning a');
    await page.waitForSelector('.conflict-choice[data-key="respondent_name"]');
    assert.deepEqual(await conflictValues(page), expected);
  }
  await screenshot(b, 'field-survey-review.png');

  await b.bringToFront();
  // B's reviewer types the spelling the respondent gave.
  await b.click('.conflict-choice input.typed');
  await b.keyboard.type('Moussa Traoré-Diallo');
  await b.click('.conflict-choice button.resolve');
  for (const page of [b, a]) {
    await page.bringToFront();
    await page.waitForFunction(
      () => document.querySelector('.review .count')?.textContent === 'Nothing to review.',
      {
        timeout: 20_000,
      },
    );
    const value = await page.evaluate(async () => {
      const open = await (globalThis as unknown as SurveyGlobal).offgridSurvey.session.openForm(
        'household_needs',
      );
      const view = open.submissions.view(open.index.rows()[0]?.id ?? '');
      const state = view.fields.get('respondent_name');
      return {
        value: view.values.respondent_name,
        conflicts: view.conflicts.length,
        by: state?.current[0]?.by,
      };
    });
    assert.deepEqual(value, {
      value: 'Moussa Traoré-Diallo',
      conflicts: 0,
      by: { device: 'tablet-2', person: 'Bintou' },
    });
  }
  assert.deepEqual(browser.errors, []);
});
