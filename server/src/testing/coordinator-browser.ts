import { join } from 'node:path';
import { launchChromium } from '@offgrid/transport-lp2p/testing';
import type { Browser, Page } from 'puppeteer-core';

/** Headless Chromium with downloads saved to a temporary directory of its own. */
export interface CoordinatorBrowser {
  readonly browser: Browser;
  readonly downloads: string;
  /** A page on `base/coordinator/`, signed in with `token`, once the table has rows. */
  open(base: string, token: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchCoordinatorBrowser(): Promise<CoordinatorBrowser> {
  const chromium = await launchChromium();
  const { browser } = chromium;
  // Inside the fresh profile, so close() removes the downloads with it.
  const downloads = join(chromium.profile, 'downloads');
  return {
    browser,
    downloads,
    async open(base, token) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      const session = await page.createCDPSession();
      await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${base}/coordinator/`);
      await page.waitForSelector('#token', { visible: true });
      await page.type('#token', token);
      await page.click('#login button[type=submit]');
      await page.waitForSelector('#submissions tbody tr');
      if (errors.length > 0) throw new Error(errors.join('\n'));
      return page;
    },
    close: () => chromium.close(),
  };
}
