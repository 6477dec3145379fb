/**
 * IndexedDB durability in real headless Chromium (Debian's /usr/bin/chromium): save through the workspace,
 * SIGKILL the browser process the moment the page logs "saved", relaunch on the same profile, the change is
 * there. Needs Chromium (`.ci/run` installs it).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { launchChromium } from '@offgrid/transport-lp2p/testing';
import { build } from 'esbuild';

let server: Server;
let origin: string;
let profile: string;

before(async () => {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'testing/durability-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  server = createServer((request, response) => {
    if (request.url?.startsWith('/page.js')) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<script type="module" src="/page.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = await mkdtemp(join(tmpdir(), 'offgrid-chromium-'));
});

after(async () => {
  server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/**
 * Opens the page in a fresh Chromium on `profile`; resolves with the first console line starting with `until`
 * — after SIGKILLing the browser when `kill` is set, else after closing it normally.
 */
async function visit(query: string, until: string, kill: boolean): Promise<string> {
  // Only the launcher's own flags (no puppeteer defaults), over a pipe: the profile is kept between visits.
  const { browser } = await launchChromium({ profile, ignoreDefaultArgs: true, pipe: true });
  const processOf = browser.process();
  try {
    const page = await browser.newPage();
    const line = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${until}" line from the page`)), 20_000);
      page.on('console', (message) => {
        const text = message.text();
        if (!text.startsWith(until)) return;
        // At once, in this handler: nothing gets a chance to flush after "saved".
        if (kill) processOf?.kill('SIGKILL');
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
    if (kill) {
      if (processOf !== null && processOf.exitCode === null && processOf.signalCode === null)
        await new Promise((resolve) => processOf.once('exit', resolve));
      browser.disconnect().catch(() => {});
    } else {
      await browser.close();
    }
  }
}

it('a change the workspace reported saved survives SIGKILL of Chromium right after', {
  timeout: 180_000,
}, async () => {
  const saved: string[] = [];
  for (let run = 0; run < 3; run++) {
    const value = `v${run}`;
    assert.equal(await visit(`?save=${value}`, 'saved', true), `saved ${value}`);
    saved.push(value);
  }
  const line = await visit('', 'values', false);
  assert.deepEqual((JSON.parse(line.slice('values '.length)) as string[]).sort(), saved);
  const check = JSON.parse((await visit('?check', 'check', false)).slice('check '.length));
  assert.deepEqual(check.names, ['notes']);
  assert.equal(check.stored, 1, 'compaction folded the three stored updates into one');
  assert.deepEqual((check.values as string[]).sort(), saved);
});
