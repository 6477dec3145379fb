import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Headless Chromium (`$CHROMIUM` or Debian's /usr/bin/chromium) on a fresh profile, removed on close. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'offgrid-notes-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Collects the page's errors and console errors, to assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    // Pages served without an agent behind them: the agent link's look-up of `agent.json` gets a 404, which the
    // page handles (it stays offline) but Chromium still logs.
    if (message.type() !== 'error' || message.location().url?.endsWith('/agent.json')) return;
    errors.push(message.text());
  });
  return errors;
}

/** The text of the open note, as CodeMirror holds it ('' when no note is open). */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const app = document.querySelector('offgrid-notes-app') as {
      editor?: { state: { doc: unknown } };
    } | null;
    return String(app?.editor?.state.doc ?? '');
  });
}

/** The titles in the list as shown. */
export function listTitles(page: Page): Promise<string[]> {
  return page.$$eval('.note-list .note-title', (titles) => titles.map((title) => title.textContent ?? ''));
}
