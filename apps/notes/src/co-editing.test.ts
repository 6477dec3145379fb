/**
 * Two people co-editing in real headless Chromium, each page with its own workspace (own IndexedDB), joined
 * through a relay on loopback: a new note shows up on the other page, typing in one appears in the other, each
 * person's cursor is drawn on the other page in their colour with their name, the people on the note are listed,
 * and a note moved to the bin on one page is in the bin (read-only) on the other.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { colorFor } from '@offgrid/framework';
import type { Page } from 'puppeteer-core';
import { editorText } from './testing/chromium.ts';
import { type PersonPage, twoPeople } from './testing/two-people.ts';

let people: Awaited<ReturnType<typeof twoPeople>>;

before(async () => {
  people = await twoPeople(['Ada Lovelace', 'Grace Hopper']);
});

after(async () => {
  await people?.close();
});

/** `#rrggbb` → `rgb(r, g, b)`, as computed styles give colours. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

const waitForText = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => {
      const app = document.querySelector('offgrid-notes-app') as {
        editor?: { state: { doc: unknown } };
      } | null;
      return String(app?.editor?.state.doc ?? '') === t;
    },
    { timeout: 10_000, polling: 5 },
    text,
  );

/** The other people's carets on `page`: name and background colour. */
const carets = (page: Page) =>
  page.$$eval('.cm-ySelectionCaret', (elements) =>
    elements.map((caret) => ({
      name: caret.querySelector('.cm-ySelectionInfo')?.textContent ?? '',
      color: getComputedStyle(caret).backgroundColor,
    })),
  );

async function waitForCaret(page: Page, other: PersonPage): Promise<void> {
  await page.waitForFunction(
    // The caret is drawn with its name first and its colour a moment later (a clean-clone run read '' once).
    (name) =>
      [...document.querySelectorAll('.cm-ySelectionCaret')].some(
        (caret) =>
          caret.querySelector('.cm-ySelectionInfo')?.textContent === name &&
          getComputedStyle(caret).backgroundColor !== '',
      ),
    { timeout: 10_000 },
    other.name,
  );
}

it('typing in one page appears in the other, with cursors in each person’s colour', {
  timeout: 120_000,
}, async () => {
  const { a, b } = people;
  await a.page.click('.new-note');
  await a.page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await a.page.keyboard.type('Plan for the workshop\nfirst from Ada');

  // The note reaches B's list through the index document, its body through its own document.
  await b.page.waitForFunction(
    () => document.querySelector('.note-list .note-title')?.textContent === 'Plan for the workshop',
    { timeout: 10_000 },
  );
  await b.page.click('.note-link');
  await waitForText(b.page, 'Plan for the workshop\nfirst from Ada');

  // A keystroke in A shows in B (how long it took, loopback through the relay, is printed for the record).
  const started = performance.now();
  await a.page.keyboard.type('!');
  await waitForText(b.page, 'Plan for the workshop\nfirst from Ada!');
  const delay = performance.now() - started;
  console.log(`keystroke A → B: ${delay.toFixed(0)} ms`);

  // B types at the end: A gets it.
  await b.page.click('.editor .cm-content');
  await b.page.keyboard.down('Control');
  await b.page.keyboard.press('End');
  await b.page.keyboard.up('Control');
  await b.page.keyboard.type('\nthen Grace');
  await waitForText(a.page, 'Plan for the workshop\nfirst from Ada!\nthen Grace');
  assert.equal(await editorText(b.page), 'Plan for the workshop\nfirst from Ada!\nthen Grace');

  // Each sees the other's caret, named and in the other's colour (the framework's colorFor of their name).
  await waitForCaret(b.page, a);
  await waitForCaret(a.page, b);
  assert.deepEqual(await carets(b.page), [{ name: a.name, color: rgb(colorFor(a.name)) }]);
  assert.deepEqual(await carets(a.page), [{ name: b.name, color: rgb(colorFor(b.name)) }]);
  assert.notEqual(colorFor(a.name), colorFor(b.name), 'the test needs two colours to tell them apart');

  // A selection of A's is shaded in A's light colour on B's page.
  await a.page.keyboard.down('Shift');
  await a.page.keyboard.press('Home');
  await a.page.keyboard.up('Shift');
  await b.page.waitForSelector('.cm-ySelection', { timeout: 10_000 });
  const shade = await b.page.$eval('.cm-ySelection', (element) => getComputedStyle(element).backgroundColor);
  assert.match(shade, new RegExp(`^rgba\\(${rgb(colorFor(a.name)).slice(4, -1)}, 0\\.2`));

  // Both are listed on the note, each page marking its own person.
  const present = (page: Page) =>
    page.$eval('offgrid-presence', (element) =>
      ((element as unknown as { people: { name: string; self?: boolean }[] }).people ?? [])
        .map((person) => `${person.name}${person.self ? ' (you)' : ''}`)
        .sort(),
    );
  await a.page.waitForFunction(
    () =>
      (document.querySelector('offgrid-presence') as unknown as { people: unknown[] }).people.length === 2,
  );
  assert.deepEqual(await present(a.page), ['Ada Lovelace (you)', 'Grace Hopper']);
  assert.deepEqual(await present(b.page), ['Ada Lovelace', 'Grace Hopper (you)']);

  // The badge sees the relay as a nearby peer.
  await a.page.waitForFunction(() =>
    document.querySelector('offgrid-sync-status')?.shadowRoot?.textContent?.includes('Nearby only'),
  );

  // A moves the note to the bin: on B it turns read-only, in B's bin.
  await a.page.click('.delete');
  await b.page.waitForSelector('.in-bin', { timeout: 10_000 });
  assert.equal(await b.page.$eval('.view-bin', (button) => button.textContent), 'Bin (1)');
  assert.equal(await b.page.$eval('.editor .cm-content', (c) => c.getAttribute('contenteditable')), 'false');
  await b.page.click('.restore-open');
  await a.page.waitForFunction(() => document.querySelector('.view-bin')?.textContent === 'Bin (0)', {
    timeout: 10_000,
  });

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});
