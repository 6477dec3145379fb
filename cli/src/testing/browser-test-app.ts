import { join } from 'node:path';
import type { WebApp } from '@offgrid/framework/node';
import { build } from 'esbuild';

/**
 * A WebApp whose page uses the framework as an app would (`openAppWorkspace`), for the Chromium test of the page ↔
 * agent link: it logs every status change (`status <connectivity> <nearbyPeers>`) and exposes `edit(name, text)`.
 */
export const browserTestApp: WebApp = {
  id: 'browser-test',
  title: 'Browser test',
  async build() {
    const bundle = await build({
      entryPoints: [join(import.meta.dirname, 'browser-test-page.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    });
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Browser test</title></head>' +
      '<body><p>browser test</p><script type="module" src="app.js"></script></body></html>';
    const encoder = new TextEncoder();
    return new Map([
      ['index.html', { body: encoder.encode(html), contentType: 'text/html; charset=utf-8' }],
      [
        'app.js',
        {
          body: bundle.outputFiles[0]?.contents ?? new Uint8Array(),
          contentType: 'text/javascript; charset=utf-8',
        },
      ],
    ]);
  },
};
