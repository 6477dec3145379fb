/**
 * Headless Chromium for tests and benches (Debian's `chromium`, or `$CHROMIUM`), driven by puppeteer-core: one
 * launcher with the flags every browser test needs, so the packages' browser tests start it the same way. Node only.
 * Also its own entry, `@offgrid/transport-lp2p/testing/chromium`, for packages type-checked with the DOM library
 * (components), where the rest of the testing entry's Node code does not type-check.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';

/** The Chromium binary tests run. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here (no Chromium binary), or undefined when they can. */
export function chromiumUnavailableReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM)`;
}

export interface ChromiumOptions {
  /** A profile directory to use (and keep); by default a fresh temporary one, removed by `close()`. */
  readonly profile?: string;
  /** More command-line flags, e.g. `--host-resolver-rules=…`. */
  readonly args?: readonly string[];
  /** Pages in background tabs keep their timers and sockets going (for tests with several tabs at once). */
  readonly backgroundTabs?: boolean;
  /** Talk to the browser over a pipe instead of a WebSocket. */
  readonly pipe?: boolean;
  /** Leave out puppeteer's default flags too (only these and the options'). */
  readonly ignoreDefaultArgs?: boolean;
  /**
   * Let puppeteer enable DevTools' Network domain (request interception, network idle waits). Off by default: with
   * it on, Chromium copies every WebSocket frame, base64-encoded, to the driver, which cut a page's WebSocket
   * throughput by half or more and cost the driver seconds of CPU per 64 MiB.
   */
  readonly network?: boolean;
}

export interface LaunchedChromium {
  readonly browser: Browser;
  /** The profile directory in use. */
  readonly profile: string;
  /** Closes the browser; removes the profile unless it was given. */
  close(): Promise<void>;
  /**
   * Kills the browser with SIGKILL — no shutdown, nothing flushed — as a power cut or the OS would. The signal is
   * sent before this returns, so a test can call it inside a page event handler; the promise resolves once the
   * process has exited. Removes the profile unless it was given (durability tests give one and relaunch on it).
   *
   * @example
   * page.on('console', (message) => { if (message.text() === 'saved') killed = chromium.kill(); });
   */
  kill(): Promise<void>;
}

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const BACKGROUND_TAB_ARGS = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Launches headless Chromium with the flags browser tests need. */
export async function launchChromium(options: ChromiumOptions = {}): Promise<LaunchedChromium> {
  // Loaded on first use: the testing entry serves many tests that never start a browser.
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = options.profile ?? (await mkdtemp(join(tmpdir(), 'offgrid-chromium-')));
  const owned = options.profile === undefined;
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      ignoreDefaultArgs: options.ignoreDefaultArgs ?? false,
      networkEnabled: options.network ?? false,
      pipe: options.pipe ?? false,
      args: [
        ...BASE_ARGS,
        ...(options.backgroundTabs ? BACKGROUND_TAB_ARGS : []),
        ...(options.args ?? []),
        `--user-data-dir=${profile}`,
      ],
    });
  } catch (error) {
    if (owned) await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    profile,
    async close() {
      await browser.close().catch(() => {});
      if (owned) await rm(profile, { recursive: true, force: true });
    },
    async kill() {
      const child = browser.process();
      child?.kill('SIGKILL');
      if (child !== null && child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve));
      await browser.disconnect().catch(() => {});
      if (owned) await rm(profile, { recursive: true, force: true });
    },
  };
}
