/**
 * Rig for the IndexedDB durability tests in real headless Chromium: a page script bundled with esbuild, served
 * on a blank page from 127.0.0.1, opened in a browser on one profile kept across launches. The page reports
 * through console lines; a visit can SIGKILL the browser the moment a line appears, so nothing gets a chance to
 * flush after it. Node only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '@offgrid/transport-lp2p/testing';
import { build } from 'esbuild';

export interface DurabilityRig {
  /**
   * Opens `/${query}` in a fresh Chromium on the rig's profile; resolves with the page's first console line
   * starting with `until` — after SIGKILLing the browser in that line's handler when `kill` is set, else after
   * closing it normally. Rejects on a page error, or when no such line comes within the rig's `lineTimeoutMs`.
   */
  visit(query: string, until: string, kill: boolean): Promise<string>;
  /** Stops the server and removes the profile. */
  close(): Promise<void>;
}

/** Serves `entry` (a page script) and makes a profile for {@link DurabilityRig.visit}s. */
export async function startDurabilityRig(
  entry: string,
  { lineTimeoutMs }: { readonly lineTimeoutMs: number },
): Promise<DurabilityRig> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/page.js')) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<script type="module" src="/page.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = await mkdtemp(join(tmpdir(), 'offgrid-durability-'));

  return {
    async visit(query, until, kill) {
      // Only the launcher's own flags (no puppeteer defaults), over a pipe: the profile is kept between visits.
      const chromium = await launchChromium({ profile, ignoreDefaultArgs: true, pipe: true });
      try {
        const page = await chromium.browser.newPage();
        const line = new Promise<string>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no "${until}" line from the page`)),
            lineTimeoutMs,
          );
          page.on('console', (message) => {
            const text = message.text();
            if (!text.startsWith(until)) return;
            // At once, in this handler: nothing gets a chance to flush after the line.
            if (kill) void chromium.kill();
            clearTimeout(timer);
            resolve(text);
          });
          page.on('pageerror', (error) => reject(error));
        });
        await page.goto(`${origin}/${query}`).catch((error: unknown) => {
          if (!kill) throw error;
        });
        return await line;
      } finally {
        await (kill ? chromium.kill() : chromium.close());
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(profile, { recursive: true, force: true });
    },
  };
}
