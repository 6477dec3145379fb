/**
 * The notes page in real headless Chromium, one person: name, create, title, edit, search, delete and restore by
 * keyboard and by clicks, then a reload over the same IndexedDB: everything is still there.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { buildNotesPage } from './node.ts';
import { collectErrors, editorText, launchChromium, listTitles } from './testing/chromium.ts';
import { serveNotesPage } from './testing/notes-server.ts';

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let server: Awaited<ReturnType<typeof serveNotesPage>>;
let browser: Browser;

before(async () => {
  const files = await buildNotesPage({
    entry: join(import.meta.dirname, 'testing/test-page.ts'),
    minify: false,
  });
  server = await serveNotesPage(files);
  chromium = await launchChromium();
  browser = chromium.browser;
});

after(async () => {
  await chromium?.close();
  await server?.close();
});

const waitForHeading = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => document.querySelector('.note-heading')?.textContent === t,
    { timeout: 10_000 },
    text,
  );
async function waitForTitles(page: Page, titles: string[]): Promise<void> {
  await page
    .waitForFunction(
      (t) =>
        JSON.stringify([...document.querySelectorAll('.note-list .note-title')].map((e) => e.textContent)) ===
        t,
      { timeout: 10_000 },
      JSON.stringify(titles),
    )
    .catch(async (error: unknown) => {
      assert.deepEqual(await listTitles(page), titles, String(error));
    });
}

it('creates, titles, edits, searches, deletes and restores notes, and keeps them over a reload', {
  timeout: 120_000,
}, async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}?db=single`);

  // Asked once: the name feeds presence.
  await page.waitForSelector('#person-name');
  await page.type('#person-name', 'Ada Lovelace');
  await page.keyboard.press('Enter');

  // Keyboard: New note, then straight into the editor.
  await page.waitForSelector('.new-note');
  await page.focus('.new-note');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.editor .cm-content:focus');
  await page.keyboard.type('Shopping list\nmilk and bread');
  await waitForHeading(page, 'Shopping list');
  assert.equal(await editorText(page), 'Shopping list\nmilk and bread');

  // Clicks: a second note; a Markdown heading's marks are not part of the title.
  await page.click('.new-note');
  await page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await page.keyboard.type('# Trip to Lisbon\nbook the train');
  await waitForHeading(page, 'Trip to Lisbon');
  await waitForTitles(page, ['Trip to Lisbon', 'Shopping list']);

  // Editing the first line retitles the note.
  await page.evaluate(() => {
    const [, shopping] = document.querySelectorAll<HTMLButtonElement>('.note-link');
    shopping?.click();
  });
  await waitForHeading(page, 'Shopping list');
  await page.keyboard.down('Control');
  await page.keyboard.press('Home');
  await page.keyboard.up('Control');
  await page.keyboard.press('End', {});
  await page.keyboard.type(' for Saturday');
  await waitForHeading(page, 'Shopping list for Saturday');

  // What a screen reader is told: every control has a name, the open note is marked.
  const controls: { role: string; name: string }[] = [];
  const walk = (node: { role: string; name?: string; children?: unknown[] }) => {
    if (['button', 'textbox', 'searchbox', 'combobox', 'checkbox'].includes(node.role))
      controls.push({ role: node.role, name: node.name ?? '' });
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk((await page.accessibility.snapshot()) as Parameters<typeof walk>[0]);
  assert.deepEqual(
    controls.filter((control) => control.name.trim() === ''),
    [],
  );
  for (const expected of [
    { role: 'button', name: 'New note' },
    { role: 'searchbox', name: 'Search notes' },
    { role: 'button', name: 'Move to bin' },
    { role: 'textbox', name: 'Note text' },
  ])
    assert.ok(
      controls.some((control) => control.role === expected.role && control.name === expected.name),
      JSON.stringify(expected),
    );
  assert.equal(
    await page.$eval('.note-link[aria-current="true"] .note-title', (t) => t.textContent),
    'Shopping list for Saturday',
  );

  // Search reads bodies and titles; Enter opens the first hit, Escape clears.
  await page.click('.search');
  await page.keyboard.type('bread');
  await waitForTitles(page, ['Shopping list for Saturday']);
  await page.click('.search', { count: 3 });
  await page.keyboard.type('lisbon');
  await waitForTitles(page, ['Trip to Lisbon']);
  await page.keyboard.press('Enter');
  await waitForHeading(page, 'Trip to Lisbon');
  await page.focus('.search');
  await page.keyboard.press('Escape');
  await waitForTitles(page, ['Shopping list for Saturday', 'Trip to Lisbon']);
  await page.click('.search', { count: 3 });
  await page.keyboard.type('nothing like this');
  await page.waitForFunction(() => document.querySelector('.empty')?.textContent?.includes('No notes match'));
  await page.focus('.search');
  await page.keyboard.press('Escape');

  // Delete by keyboard (the open note): it leaves the list for the bin; focus stays in the list.
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.note-link')[1]?.click());
  await waitForHeading(page, 'Trip to Lisbon');
  await page.focus('.delete');
  await page.keyboard.press('Enter');
  await waitForTitles(page, ['Shopping list for Saturday']);
  assert.equal(await page.$eval('.view-bin', (b) => b.textContent), 'Bin (1)');
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('note-link')));

  // The bin: the note is there, read-only when opened, and Restore brings it back.
  await page.click('.view-bin');
  await waitForTitles(page, ['Trip to Lisbon']);
  await page.click('.note-link');
  await page.waitForSelector('.in-bin');
  assert.equal(await page.$eval('.editor .cm-content', (c) => c.getAttribute('contenteditable')), 'false');
  await page.click('.restore-open');
  await waitForTitles(page, ['Shopping list for Saturday', 'Trip to Lisbon']);
  assert.equal(await page.$('.in-bin'), null);
  assert.equal(await page.$eval('.view-bin', (b) => b.textContent), 'Bin (0)');

  // Delete by click, and restore from the list's Restore button (named after the note).
  await page.click('.delete');
  await page.click('.view-bin');
  await page.waitForSelector('button[aria-label="Restore Trip to Lisbon"]');
  await page.click('button[aria-label="Restore Trip to Lisbon"]');
  await waitForTitles(page, ['Shopping list for Saturday', 'Trip to Lisbon']);
  // …and leave one in the bin for the reload.
  await page.click('.delete');
  await waitForTitles(page, ['Shopping list for Saturday']);

  // "Saved" only once the workspace says every change is durable.
  await page.waitForFunction(() => document.querySelector('.saved')?.textContent === 'Saved on this device');
  assert.deepEqual(
    await page.evaluate(() => {
      const status = (
        window as unknown as { workspace: { status(): { documents: { unsaved: number }[] } } }
      ).workspace.status();
      return status.documents.map((d) => d.unsaved);
    }),
    [0, 0, 0],
  );

  await page.reload();
  await page.waitForSelector('.note-list');
  assert.equal(await page.$('#person-name'), null, 'the name is asked once');
  await waitForTitles(page, ['Shopping list for Saturday']);
  await waitForHeading(page, 'Shopping list for Saturday');
  assert.equal(await editorText(page), 'Shopping list for Saturday\nmilk and bread');
  await page.click('.view-bin');
  await waitForTitles(page, ['Trip to Lisbon']);
  await page.click('.note-link');
  await waitForHeading(page, 'Trip to Lisbon');
  assert.equal(await editorText(page), '# Trip to Lisbon\nbook the train');
  assert.deepEqual(errors, []);
  await page.close();
});

it('shares the open note as Markdown through the NoteSharing it is given, and hides Share without one', {
  timeout: 60_000,
}, async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}?db=sharing&name=Ada&share`);
  await page.waitForSelector('.new-note');
  await page.click('.new-note');
  await page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await page.keyboard.type('# Site plan\nnorth gate');
  await waitForHeading(page, 'Site plan');

  await page.click('.share');
  await page.waitForFunction(() => document.querySelector<HTMLDialogElement>('.share-dialog')?.open === true);
  await page.click(`offgrid-share-nearby >>> offgrid-peer-list >>> [role="option"]`);
  await page.click('offgrid-share-nearby >>> button[part="share"]');
  await page.waitForFunction(
    () => document.querySelector('offgrid-share-nearby')?.shadowRoot?.textContent?.includes('Done.'),
    { timeout: 10_000 },
  );
  const shares = await page.evaluate(
    () => (window as unknown as { sharing: { shares: { type: string }[] } }).sharing.shares,
  );
  // The media type carries the note's id, so a device that syncs the note already opens it instead of a copy.
  const noteId = await page.evaluate(() =>
    document.querySelector('.note-link[aria-current]')?.getAttribute('data-id'),
  );
  assert.equal(shares[0]?.type, `text/markdown; offgrid-note=${noteId}`);
  assert.deepEqual(shares, [
    { name: 'Site plan.md', type: shares[0]?.type, text: '# Site plan\nnorth gate', peers: ['peer-grace'] },
  ]);
  await page.keyboard.press('Escape');
  await page.waitForFunction(
    () => document.querySelector<HTMLDialogElement>('.share-dialog')?.open === false,
  );

  // The name can be changed: kept, and shown at once on the open note.
  await page.click('.you');
  await page.click('#new-name', { count: 3 });
  await page.keyboard.type('Ada King');
  await page.click('.name-dialog button[value="save"]');
  await page.waitForFunction(() => document.querySelector('.you')?.textContent === 'You: Ada King');
  await page.waitForFunction(() =>
    (document.querySelector('offgrid-presence') as unknown as { people: { name: string }[] }).people.some(
      (person) => person.name === 'Ada King',
    ),
  );
  assert.equal(await page.evaluate(() => localStorage.getItem('offgrid-notes.name')), 'Ada King');
  assert.deepEqual(errors, []);

  // Without a sharing capability there is no Share button (the first test's page has none either).
  await page.goto(`${server.url}?db=sharing&name=Ada`);
  await waitForHeading(page, 'Site plan');
  assert.equal(await page.$('.share'), null);
  assert.equal(await page.$('.share-dialog'), null);
  await page.close();
});

it('on a phone-sized window shows the list or the open note, with a way back', {
  timeout: 60_000,
}, async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.setViewport({ width: 390, height: 740 });
  await page.goto(`${server.url}?db=phone&name=Ada`);
  await page.waitForSelector('.new-note');
  const visible = (selector: string) =>
    page.$eval(selector, (element) => element.getBoundingClientRect().width > 0).catch(() => false);
  assert.equal(await visible('.sidebar'), true);
  assert.equal(await visible('.pane'), false);
  await page.click('.new-note');
  await page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await page.keyboard.type('Pocket note');
  await waitForHeading(page, 'Pocket note');
  assert.equal(await visible('.sidebar'), false);
  assert.equal(await visible('.pane'), true);
  const editorWidth = await page.$eval(
    '.editor .cm-editor',
    (editor) => editor.getBoundingClientRect().width,
  );
  assert.ok(editorWidth > 300 && editorWidth <= 390, `editor ${editorWidth}px wide`);
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= 390),
    'nothing wider than the window',
  );
  await page.click('.back');
  await page.waitForFunction(() => document.activeElement?.classList.contains('search'));
  assert.equal(await visible('.sidebar'), true);
  assert.deepEqual(await listTitles(page), ['Pocket note']);
  assert.deepEqual(errors, []);
  await page.close();
});
