import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { buildNotesPage } from '../node.ts';
import { collectErrors, launchChromium } from './chromium.ts';
import { startNotesRelay } from './notes-relay.ts';
import { serveNotesPage } from './notes-server.ts';

/** One person's page. */
export interface PersonPage {
  readonly name: string;
  readonly page: Page;
  /** Page errors and console errors so far. */
  readonly errors: string[];
}

/**
 * Two people co-editing: the notes page served on loopback, a relay (a Node hub behind a `ws` server), headless
 * Chromium with one browser context per person (so each has their own IndexedDB and localStorage, as two devices
 * would), each page's workspace attached to the relay by a WebSocket.
 */
export async function twoPeople(
  names: readonly [string, string],
  viewport = { width: 1000, height: 640 },
): Promise<{ a: PersonPage; b: PersonPage; close(): Promise<void> }> {
  const files = await buildNotesPage({ entry: join(import.meta.dirname, 'test-page.ts'), minify: false });
  const server = await serveNotesPage(files);
  const relay = await startNotesRelay();
  const chromium = await launchChromium();
  const open = async (name: string): Promise<PersonPage> => {
    const context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(viewport);
    const errors = collectErrors(page);
    const query = new URLSearchParams({ db: `notes-${name}`, relay: relay.url, name });
    await page.goto(`${server.url}?${query}`);
    await page.waitForSelector('.new-note');
    return { name, page, errors };
  };
  const a = await open(names[0]);
  const b = await open(names[1]);
  return {
    a,
    b,
    async close() {
      await chromium.close();
      await relay.close();
      await server.close();
    },
  };
}
