/**
 * The host-side snippets of docs/guide.md (Node): the app's `WebApp` for `offgrid up` and a test in real
 * Chromium, type-checked by `tsc -p docs/tsconfig.json` but never run. If a step here changes, change the guide.
 */
import { join } from 'node:path';
import type { NearbyConnection, NearbyReceiver, NearbyRequest } from '@offgrid/framework';
import type { WebApp, WebAppFile } from '@offgrid/framework/node';
import { LP2PReceiver, LP2PRequest } from '@offgrid/transport-lp2p/browser';
import { launchChromium } from '@offgrid/transport-lp2p/testing';
import { build } from 'esbuild';

// §8: the browser module's classes fit what the page's invite takes (LP2PClasses in guide-page-snippets.ts).
export const lp2pClasses: {
  readonly LP2PRequest: new (options: { nickname: string }) => NearbyRequest<NearbyConnection>;
  readonly LP2PReceiver: new (options: { nickname: string }) => NearbyReceiver;
} = { LP2PRequest, LP2PReceiver };

// §1: the app as `offgrid up` serves it (node entry of the app's package).
export const todoApp: WebApp = {
  id: 'todo',
  title: 'To-do',
  async build() {
    const bundle = await build({
      entryPoints: [join(import.meta.dirname, 'page', 'boot.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    });
    const script = bundle.outputFiles[0]?.contents ?? new Uint8Array();
    const html =
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>To-do</title><div id="app"></div><script type="module" src="todo.js"></script></html>';
    return new Map<string, WebAppFile>([
      ['index.html', { body: new TextEncoder().encode(html), contentType: 'text/html; charset=utf-8' }],
      ['todo.js', { body: script, contentType: 'text/javascript; charset=utf-8' }],
    ]);
  },
};

// §10: a test in real Chromium.
export async function chromiumTest(appUrl: string): Promise<string> {
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    await page.goto(appUrl);
    await page.waitForSelector('offgrid-sync-status');
    return await page.title();
  } finally {
    await chromium.close();
  }
}
