/**
 * The IndexedDB blob store in real headless Chromium (/usr/bin/chromium): a blob `put` reported stored
 * survives SIGKILL of the browser right after; the relaunched page reads it back byte-identical and gets the
 * typed refusals (hash mismatch, size, malformed name).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';

let server: Server;
let origin: string;
let profile: string;

before(async () => {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'testing/blob-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  server = createServer((request, response) => {
    if (request.url?.startsWith('/page.js'))
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = await mkdtemp(join(tmpdir(), 'offgrid-chromium-blobs-'));
});

after(async () => {
  server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** The page's first console line starting with `until`; SIGKILLs Chromium in the handler when `kill`. */
async function visit(query: string, until: string, kill: boolean): Promise<string> {
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    pipe: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  const child = browser.process();
  try {
    const page = await browser.newPage();
    const line = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${until}" line from the page`)), 30_000);
      page.on('console', (message) => {
        const text = message.text();
        if (!text.startsWith(until)) return;
        if (kill) child?.kill('SIGKILL');
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
      if (child !== null && child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve));
      browser.disconnect().catch(() => {});
    } else await browser.close();
  }
}

it('a blob reported stored survives SIGKILL of Chromium; refusals are typed', {
  timeout: 120_000,
}, async () => {
  const hash = (await visit('?put=7', 'put ', true)).slice('put '.length);
  assert.match(hash, /^[0-9a-f]{64}$/);
  const check = JSON.parse((await visit(`?check=${hash}`, 'check ', false)).slice('check '.length));
  assert.equal(check.has, true);
  assert.equal(check.rehash, hash, 'byte-identical after the kill');
  assert.equal(check.size, 2 * 1024 * 1024);
  assert.deepEqual(check.list, [hash]);
  assert.equal(check.missing.length, 1);
  assert.notEqual(check.missing[0], hash);
  assert.equal(check.mismatch, 'hash-mismatch');
  assert.equal(check.tooLarge, 'too-large');
  assert.equal(check.invalid, 'invalid-hash');
});
