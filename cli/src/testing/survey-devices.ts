/**
 * Steps of the field survey's end-to-end test (survey-lan.test.ts): a device's `offgrid up` and its Chromium page
 * of the survey app, the page's model driven through `globalThis.offgridSurvey` by expressions evaluated in the
 * page, and `offgrid serve`'s HTTP endpoints reached from inside the server's namespace with curl. Node only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IsolatedHost, LanHost } from '@offgrid/transport-lp2p/testing';
import { BrowserDevice, UiPilot, uiUrlOf } from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './cli-process.ts';
import { upArgs } from './up-devices.ts';

export const SURVEY_LINE = /^field-survey: (http:\/\/127\.0\.0\.1:\d+\/field-survey\/)$/;

export interface SurveyDevice {
  readonly name: string;
  readonly host: LanHost;
  readonly stateDir: string;
  readonly extra: string[];
  fingerprint: string;
  appUrl: string;
  up?: CliProcess;
  browser?: BrowserDevice;
  pilot?: UiPilot;
  tab: number;
}

/** Starts (or restarts) the device's `offgrid up`; resolves once it serves the survey app. */
export async function startUp(device: SurveyDevice): Promise<CliProcess> {
  const up = new CliProcess(device.host, upArgs(device, device.extra));
  device.up = up;
  device.appUrl = SURVEY_LINE.exec(await up.waitForLine((l) => SURVEY_LINE.test(l), 60_000))?.[1] as string;
  const line = up.lines.find((l) => l.startsWith('agent fingerprint ')) as string;
  device.fingerprint = line.split(' ')[2] as string;
  return up;
}

/** The device's Chromium, its trusted UI answered by a pilot (consent clicked), and the survey page at `query`. */
export async function openPage(device: SurveyDevice, query: string): Promise<void> {
  const up = device.up as CliProcess;
  device.browser ??= await BrowserDevice.start(device.host, await uiUrlOf(up));
  device.pilot ??= new UiPilot(device.browser, await device.browser.open('ui'));
  device.tab = await device.browser.open('url', `${device.appUrl}?${query}`);
  await until(
    () => evalIn(device, "'offgridSurvey' in globalThis"),
    (v) => v === true,
    'the page',
    60_000,
  );
}

/** Loads the page again at `query` (the next day of the test clock); resolves once it is mounted. */
export async function reload(device: SurveyDevice, query: string): Promise<void> {
  await evalIn(
    device,
    `setTimeout(() => { location.href = ${JSON.stringify(`${device.appUrl}?${query}`)}; }, 0)`,
  );
  await until(
    () =>
      evalIn(device, `location.search === ${JSON.stringify(`?${query}`)} && 'offgridSurvey' in globalThis`),
    (v) => v === true,
    'the page reloaded',
    60_000,
  ).catch(() => undefined);
  await until(
    () => evalIn(device, `'offgridSurvey' in globalThis`).catch(() => false),
    (v) => v === true,
    'the page reloaded',
    60_000,
  );
}

/** Evaluates `expr` in the device's survey page (a promise is awaited). */
export function evalIn<T = unknown>(device: SurveyDevice, expr: string, timeoutMs = 120_000): Promise<T> {
  return (device.browser as BrowserDevice).eval(device.tab, expr, timeoutMs) as Promise<T>;
}

/** `body` run in the page as an async function of `survey` (`globalThis.offgridSurvey`) and `open` (the form). */
export function withForm<T = unknown>(device: SurveyDevice, formId: string, body: string): Promise<T> {
  return evalIn<T>(
    device,
    `(async () => { const survey = globalThis.offgridSurvey; const open = await survey.session.openForm(${JSON.stringify(formId)}); ${body} })()`,
  );
}

export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)?.slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A photo's bytes for submission `n` (a JPEG start, then bytes from a tiny LCG): the same in Node and the page. */
export function photoBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(4000 + (n % 7) * 100);
  let x = (n * 2654435761) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  return bytes;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** An HTTP request to `offgrid serve` from inside its namespace (the test's own namespace has no route to it). */
export async function curl(
  host: IsolatedHost,
  dir: string,
  path: string,
  token: string,
  post?: string,
): Promise<{ status: number; body: Buffer }> {
  const out = join(dir, `curl-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const args = ['-s', '-o', out, '-w', '%{http_code}', '-H', `Authorization: Bearer ${token}`];
  if (post) args.push('-X', 'POST', '--data-binary', `@${post}`);
  args.push(`http://127.0.0.1:7777${path}`);
  const child = host.spawn('curl', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let code = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    code += chunk.toString();
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return { status: Number(code), body: await readFile(out).catch(() => Buffer.alloc(0)) };
}
