/**
 * `notesApp` as `offgrid up` will serve it: the built files (index.html, the boot bundle, CSS, icon) under
 * `/notes/` with the host's CSP (`script-src 'self'`), in headless Chromium: the page runs on
 * `openAppWorkspace('notes')` with no network peer at all, without a console error or CSP violation, and what is
 * typed is there after a reload.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { MemoryDocumentStore, openWorkspace } from '@offgrid/framework';
import { indexDocument, NotesIndex, noteDocument } from './model/notes-index.ts';
import { notesApp } from './node.ts';
import { collectErrors, editorText, launchChromium } from './testing/chromium.ts';
import { serveNotesPage } from './testing/notes-server.ts';

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let server: Awaited<ReturnType<typeof serveNotesPage>>;
let files: Awaited<ReturnType<typeof notesApp.build>>;

before(async () => {
  files = await notesApp.build();
  server = await serveNotesPage(files);
  // The Network domain on: the page's CSP is read from the response headers.
  chromium = await launchChromium({ network: true });
});

after(async () => {
  await chromium?.close();
  await server?.close();
});

it('is the WebApp `notes` with a page of static files and no inline script', () => {
  assert.equal(notesApp.id, 'notes');
  assert.equal(notesApp.title, 'Notes');
  assert.deepEqual([...files.keys()].sort(), ['icon.svg', 'index.html', 'notes.css', 'notes.js']);
  const html = new TextDecoder().decode(files.get('index.html')?.body);
  assert.match(html, /<script type="module" src="notes\.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="notes\.css" \/>/);
  assert.equal(html.match(/<script/g)?.length, 1, 'one script, from a file');
  assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/, 'no inline style or handler');
  assert.equal(files.get('notes.js')?.contentType, 'text/javascript; charset=utf-8');
  assert.ok((files.get('notes.js')?.body.length ?? 0) > 100_000, 'the bundle holds CodeMirror, Lit and Yjs');
});

it('runs from the built files under the host CSP, offline, and keeps a note over a reload', {
  timeout: 60_000,
}, async () => {
  const page = await chromium.browser.newPage();
  const errors = collectErrors(page);
  const response = await page.goto(server.url);
  assert.equal(response?.headers()['content-security-policy'], "script-src 'self'");
  await page.waitForSelector('#person-name');
  await page.type('#person-name', 'Edsger');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.new-note');
  await page.click('.new-note');
  await page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await page.keyboard.type('Built page\nworks offline');
  await page.waitForFunction(() => document.querySelector('.saved')?.textContent === 'Saved on this device');
  assert.match(
    await page.$eval('offgrid-sync-status', (badge) => badge.shadowRoot?.textContent ?? ''),
    /Offline/,
  );
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.note-heading')?.textContent === 'Built page');
  assert.equal(await editorText(page), 'Built page\nworks offline');
  assert.deepEqual(errors, []);
  await page.close();
});

it('follows every note in the agent’s replica: the index and each note it lists, now and as it grows', async () => {
  const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
  // A document joins the hub once its stored content is loaded (a microtask or two here).
  const inHub = async (name: string) => {
    for (let i = 0; i < 50 && !workspace.hub.documents.has(name); i++)
      await new Promise((r) => setTimeout(r, 10));
    return workspace.hub.documents.has(name);
  };
  after(() => workspace.close());
  const index = new NotesIndex(workspace.doc(indexDocument));
  const before = index.create(1);
  const stop = notesApp.replica?.(workspace);
  assert.ok(stop, 'the notes app follows its notes in the replica');
  assert.ok(await inHub(noteDocument(before)));
  const later = index.create(2);
  assert.ok(await inHub(noteDocument(later)));
  stop();
  const unfollowed = index.create(3);
  assert.equal(await inHub(noteDocument(unfollowed)), false);
});
