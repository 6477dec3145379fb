/**
 * Writes docs/images/field-survey-coordinator.png: the coordinator page on a server holding the fixture's three
 * devices' submissions (one open conflict), a point picked on the map.
 * Run: `node_modules/.bin/node server/src/testing/coordinator-screenshot.ts`.
 */
import { join } from 'node:path';
import { launchCoordinatorBrowser } from './coordinator-browser.ts';
import { coordinatorFixture } from './coordinator-fixture.ts';

const out = join(import.meta.dirname, '..', '..', '..', 'docs', 'images', 'field-survey-coordinator.png');
const fixture = await coordinatorFixture();
const chromium = await launchCoordinatorBrowser();
try {
  const page = await chromium.open(fixture.base, 'coord');
  await page.waitForSelector('#map svg circle');
  await page.click(`#map circle[data-id="${fixture.conflicted}"]`);
  await page.waitForSelector('#detail-id');
  await page.screenshot({ path: out as `${string}.png`, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await chromium.close();
  await fixture.close();
}
