/**
 * Writes docs/images/notes.png (two people editing one note, seen from Ada's page: Grace's caret and selection in
 * her colour) and docs/images/notes-phone.png (the same from a phone-sized window). Run:
 * `node apps/notes/scripts/screenshot.ts`.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { twoPeople } from '../src/testing/two-people.ts';

const images = join(import.meta.dirname, '..', '..', '..', 'docs', 'images');
const people = await twoPeople(['Ada Lovelace', 'Grace Hopper'], { width: 1100, height: 620 });
const { a, b } = people;
const until = (page: Page, check: () => boolean) => page.waitForFunction(check, { timeout: 10_000 });

try {
  for (const text of [
    '# Water point survey\nRoute: north wells first, then the school.',
    'Packing list\n- solar charger\n- two phones with the survey app\n- paper forms, just in case',
  ]) {
    await a.page.click('.new-note');
    await until(a.page, () => document.activeElement?.classList.contains('cm-content') ?? false);
    await a.page.keyboard.type(text);
  }
  await a.page.click('.new-note');
  await until(a.page, () => document.activeElement?.classList.contains('cm-content') ?? false);
  // Markdown lists continue by themselves on Enter: the items are typed without their dash.
  await a.page.keyboard.type(
    '# Workshop plan\n\nSaturday, community hall. Doors at **9:00**.\n\n## Agenda\n- Welcome and introductions\nMapping the water points',
  );
  await until(b.page, () => document.querySelector('.note-title')?.textContent === 'Workshop plan');
  await b.page.click('.note-link');
  await until(b.page, () => document.querySelector('.note-heading')?.textContent === 'Workshop plan');
  await b.page.click('.editor .cm-content');
  await b.page.keyboard.down('Control');
  await b.page.keyboard.press('End');
  await b.page.keyboard.up('Control');
  await b.page.keyboard.type('\nLunch (bring your own)\nSyncing the phones');
  // Grace selects "bring your own" while Ada adds to the second line: both show on Ada's page.
  await b.page.keyboard.press('ArrowUp');
  await b.page.keyboard.press('End');
  await b.page.keyboard.press('ArrowLeft');
  await b.page.keyboard.down('Shift');
  for (let i = 0; i < 'bring your own'.length; i++) await b.page.keyboard.press('ArrowLeft');
  await b.page.keyboard.up('Shift');
  await a.page.keyboard.down('Control');
  await a.page.keyboard.press('Home');
  await a.page.keyboard.up('Control');
  for (let i = 0; i < 2; i++) await a.page.keyboard.press('ArrowDown');
  await a.page.keyboard.press('End');
  await a.page.keyboard.type(' Tea at 11.');
  await until(a.page, () => document.querySelector('.cm-ySelection') !== null);
  await until(a.page, () => document.querySelector('.saved')?.textContent === 'Saved on this device');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await a.page.screenshot({ path: join(images, 'notes.png') });
  await b.page.setViewport({ width: 390, height: 700, deviceScaleFactor: 1 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await b.page.screenshot({ path: join(images, 'notes-phone.png') });
  console.log(`wrote ${join(images, 'notes.png')} and notes-phone.png`);
} finally {
  await people.close();
}
