import {
  type LaunchedChromium,
  launchChromium as launchTestChromium,
} from '@offgrid/transport-lp2p/testing/chromium';
import type { Page } from 'puppeteer-core';

/**
 * Headless Chromium (the transport's one test launcher) on a fresh profile, removed on close. `network` turns on
 * DevTools' Network domain, for tests that read a response's headers.
 */
export function launchChromium({ network = false } = {}): Promise<LaunchedChromium> {
  return launchTestChromium({ pipe: true, network });
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
