/**
 * Takes a screenshot of each demo page with headless Chromium into docs/images/components-NAME.png:
 * `node components/demo/screenshots.ts`. Pages open in the state the hash names (`#progress`: mid-transfer).
 */
import { join } from 'node:path';
import { launchChromium } from '../src/testing/chromium.ts';
import { serveDemo } from './serve.ts';

const SHOTS: [name: string, page: string][] = [
  ['presence', 'presence.html'],
  ['sync-status', 'sync-status.html'],
  ['peer-list', 'peer-list.html'],
  ['share-nearby', 'share-nearby.html#progress'],
  ['import-nearby', 'import-nearby.html#progress'],
  ['invite', 'invite.html'],
];

const images = join(import.meta.dirname, '..', '..', 'docs', 'images');
const { url, server } = await serveDemo();
const chromium = await launchChromium();
try {
  for (const [name, path] of SHOTS) {
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 600, height: 400, deviceScaleFactor: 1 });
    await page.goto(new URL(path, url).href, { waitUntil: 'load' });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    // The event log is for people trying the page; the picture shows the element.
    await page.addStyleTag({ content: '#log { display: none }' });
    const main = await page.$('main');
    await main?.screenshot({ path: join(images, `components-${name}.png`) as `${string}.png` });
    await page.close();
    console.log(`docs/images/components-${name}.png`);
  }
} finally {
  await chromium.close();
  server.close();
}
