/**
 * A device's browser for tests, run as a child inside the device's network namespace (where its agent's bridge
 * listens on loopback): headless Chromium driven by puppeteer-core, and a small app server on another loopback
 * port whose pages load the browser module from the bridge (and, at `/example/NAME`, the draft's example NAME
 * bundled to run on it: `browser/testing/example-bundle.ts`). Takes one JSON command per stdin line, answers one
 * JSON line each (`{"id","ok","value"|"error"}`), and reports `{"event":"console"|"pageerror",…}` lines.
 *
 * Usage: node browser-device.ts UI_URL
 */
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import type { Page } from 'puppeteer-core';
import { exampleBundle } from '../../browser/testing/example-bundle.ts';
import { launchChromium } from '../../testing/chromium.ts';

const uiUrl = process.argv[2];
if (!uiUrl) throw new Error('usage: browser-device.ts UI_URL');

const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** An app page: the module's exports become globals, so the draft's examples run as written. */
const appPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title></head><body>
<h1>An app</h1>
<script type="module">
import * as lp2p from '${new URL('lp2p.js', uiUrl).href}';
Object.assign(globalThis, lp2p);
globalThis.lp2pLoaded = true;
</script></body></html>`;

/** A hostile app page: frames the trusted UI; the test checks what it can do to it. */
const evilPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>evil</title></head><body>
<iframe id="ui" src="${uiUrl}" width="400" height="300"></iframe></body></html>`;

const moduleUrl = new URL('lp2p.js', uiUrl).href;
const deviceName = process.env.OFFGRID_NAME ?? 'Page device';

const app = createServer((request, response) => {
  const example = request.url?.match(/^\/example\/([^/?]+)$/)?.[1];
  if (example) {
    exampleBundle(decodeURIComponent(example), moduleUrl, deviceName).then(
      (code) => response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(code),
      (error: unknown) => response.writeHead(404, { 'Content-Type': 'text/plain' }).end(String(error)),
    );
    return;
  }
  const body = request.url === '/evil' ? evilPage : request.url === '/' ? appPage : undefined;
  response.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(body ?? 'not found');
});
await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/`;
// The hostile page's server: another port, so an origin of its own that the person never allowed.
const evilServer = createServer(app.listeners('request')[0] as Parameters<typeof createServer>[1]);
await new Promise<void>((resolve) => evilServer.listen(0, '127.0.0.1', resolve));
const evilUrl = `http://127.0.0.1:${(evilServer.address() as { port: number }).port}/evil`;

const profile = process.env.OFFGRID_CHROMIUM_PROFILE;
const chromium = await launchChromium({
  // A profile the test keeps (to relaunch on it after killing the browser), else a throwaway one.
  ...(profile ? { profile } : {}),
  // Tabs in the background (the app while the trusted UI is in front) must keep their timers and sockets going.
  backgroundTabs: true,
  // A name that resolves to loopback, as a rebinding attacker's name would.
  args: ['--host-resolver-rules=MAP evil.test 127.0.0.1'],
});
const { browser } = chromium;
const tabs = new Map<number, Page>();
let nextTab = 1;

async function open(url: string): Promise<number> {
  const page = await browser.newPage();
  const tab = nextTab++;
  tabs.set(tab, page);
  page.on('console', (message) => out({ event: 'console', tab, text: message.text() }));
  page.on('pageerror', (error) => out({ event: 'pageerror', tab, text: String(error) }));
  await page.goto(url, { waitUntil: 'load' });
  return tab;
}

/** The end of the last input action; the next one waits for it. */
let input: Promise<unknown> = Promise.resolve();

/**
 * Brings `tab` to the front and acts on it, one action at a time over the whole browser, as a person with one mouse
 * and one keyboard would. Two at once (the trusted UI's pilot clicking while the test types in the app's tab) let
 * the other tab come to the front between `bringToFront` and the click: headless Chromium never acknowledges mouse
 * events sent to a tab in the background, so the click hung and the prompt was never answered.
 */
function inFront<T>(tab: Page, action: (tab: Page) => Promise<T>): Promise<T> {
  const turn = input.then(async () => {
    await tab.bringToFront();
    return action(tab);
  });
  input = turn.catch(() => {});
  return turn;
}

type Command = { id: number; op: string; tab?: number; [key: string]: unknown };

async function run(command: Command): Promise<unknown> {
  const page = command.tab === undefined ? undefined : tabs.get(command.tab);
  const need = () => {
    if (!page) throw new Error(`no tab ${command.tab}`);
    return page;
  };
  const selector = String(command.selector ?? '');
  const timeout = Number(command.timeout ?? 20_000);
  switch (command.op) {
    case 'open': {
      const kind = command.kind;
      const url =
        kind === 'app' ? appUrl : kind === 'evil' ? evilUrl : kind === 'ui' ? uiUrl : String(command.url);
      const tab = await open(url as string);
      if (kind === 'app') await tabs.get(tab)?.waitForFunction('globalThis.lp2pLoaded === true', { timeout });
      return tab;
    }
    case 'eval':
      return need().evaluate(String(command.expr));
    case 'wait':
      await need().waitForSelector(selector, { timeout, visible: true });
      return true;
    case 'click':
      // As a person would: the tab comes to the front before they click or type in it.
      await need().waitForSelector(selector, { timeout, visible: true });
      await inFront(need(), (tab) => tab.click(selector));
      return true;
    case 'type':
      await inFront(need(), (tab) =>
        tab.type(selector, String(command.text), { delay: Number(command.delay ?? 0) }),
      );
      return true;
    case 'press':
      await inFront(need(), (tab) =>
        tab.keyboard.press(String(command.key) as Parameters<Page['keyboard']['press']>[0]),
      );
      return true;
    case 'body':
      return need().evaluate('document.body.innerText');
    case 'text':
      return need().$eval(selector, (node) => node.textContent);
    case 'focused':
      // Which prompt (data-prompt-id) and control (tag:text) has the keyboard focus.
      return need().evaluate(
        "(() => { const a = document.activeElement; return [a.closest('form')?.dataset.promptId ?? '', a.tagName.toLowerCase() + ':' + a.textContent.trim()]; })()",
      );
    case 'frames':
      return need()
        .frames()
        .map((frame) => frame.url());
    case 'screenshot':
      await inFront(need(), (tab) =>
        tab.screenshot({ path: String(command.path) as `${string}.png`, fullPage: true }),
      );
      return true;
    case 'popups':
      // Windows the pages opened themselves (not tabs the test opened): their URLs.
      return (await browser.pages())
        .filter((p) => ![...tabs.values()].includes(p) && p.url() !== 'about:blank')
        .map((p) => p.url());
    case 'close-popups':
      for (const p of await browser.pages()) if (![...tabs.values()].includes(p)) await p.close();
      return true;
    case 'kill-browser':
      // As a crash or a power cut: SIGKILL the moment `when` holds in the tab (nothing gets to flush); the driver
      // exits after answering.
      if (command.when !== undefined)
        await need().waitForFunction(String(command.when), { timeout, polling: 'mutation' });
      chromium.browser.process()?.kill('SIGKILL');
      setTimeout(() => process.exit(0), 50);
      return true;
    case 'close':
      await need().close();
      tabs.delete(command.tab as number);
      return true;
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

out({ event: 'ready', app: appUrl });
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = JSON.parse(line) as Command;
  run(command).then(
    (value) => out({ id: command.id, ok: true, value: value ?? null }),
    (error: unknown) => out({ id: command.id, ok: false, error: String(error) }),
  );
});
lines.on('close', async () => {
  await chromium.close();
  app.close();
  evilServer.close();
  process.exit(0);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    await chromium.close();
    process.exit(0);
  });
}
