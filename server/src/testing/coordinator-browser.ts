import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Headless Chromium with downloads saved to a temporary directory of its own. */
export interface CoordinatorBrowser {
  readonly browser: Browser;
  readonly downloads: string;
  /** A page on `base/coordinator/`, signed in with `token`, once the table has rows. */
  open(base: string, token: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchCoordinatorBrowser(): Promise<CoordinatorBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'offgrid-coordinator-'));
  const downloads = join(profile, 'downloads');
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      `--user-data-dir=${profile}`,
    ],
  });
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
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
