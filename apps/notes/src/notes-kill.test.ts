/**
 * Nothing typed is lost: the note's text is typed, and the moment the page says "Saved on this device" Chromium is
 * killed with SIGKILL (no shutdown, no flush); relaunched on the same profile, the note and its text are there.
 * Three rounds on one profile, each adding a note.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { launchChromium } from '@offgrid/transport-lp2p/testing/chromium';
import { buildNotesPage } from './node.ts';
import { serveNotesPage } from './testing/notes-server.ts';

let server: Awaited<ReturnType<typeof serveNotesPage>>;
let profile: string;

before(async () => {
  server = await serveNotesPage(
    await buildNotesPage({ entry: join(import.meta.dirname, 'testing/test-page.ts'), minify: false }),
  );
  profile = await mkdtemp(join(tmpdir(), 'offgrid-notes-kill-'));
});

after(async () => {
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

// Over a pipe, on the one profile every round relaunches on.
const launch = () => launchChromium({ profile, pipe: true });

const url = () => `${server.url}?db=kill&name=Ada`;

it('a note reported saved survives SIGKILL of Chromium right after', { timeout: 180_000 }, async () => {
  const typed: string[] = [];
  for (let round = 0; round < 3; round++) {
    const chromium = await launch();
    const page = await chromium.browser.newPage();
    await page.goto(url());
    await page.waitForSelector('.new-note');
    await page.click('.new-note');
    await page.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
    const text = `Round ${round}\nkilled right after saved`;
    await page.keyboard.type(text);
    await page.waitForFunction(
      () => document.querySelector('.saved')?.textContent === 'Saved on this device',
      {
        polling: 'mutation',
      },
    );
    await chromium.kill();
    typed.push(text);
  }

  const chromium = await launch();
  try {
    const page = await chromium.browser.newPage();
    await page.goto(url());
    await page.waitForFunction(
      (count) => document.querySelectorAll('.note-link').length === count,
      {},
      typed.length,
    );
    const texts = await page.evaluate(async () => {
      const { library } = (
        window as unknown as { notes: { library: import('./model/notes-library.ts').NotesLibrary } }
      ).notes;
      const notes = library.notes();
      await Promise.all(notes.map((note) => library.whenLoaded(note.id)));
      return notes.map((note) => library.text(note.id));
    });
    assert.deepEqual(texts.sort(), [...typed].sort());
  } finally {
    await chromium.close();
  }
});
