/**
 * A person's notes page on a LAN host, for namespace tests: `offgrid up --name NAME` in the host, headless Chromium
 * there with the agent's trusted UI answered by a {@link UiPilot}, and the notes page opened, allowed in the trusted
 * UI (its first visit) and given the person's name — as in the README's quick start.
 */
import {
  BrowserDevice,
  type LanHost,
  type PilotHandlers,
  pollUntil,
  UiPilot,
  uiUrlOf,
} from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './cli-process.ts';
import { upArgs } from './up-devices.ts';

/** `offgrid up`'s line for the notes app. */
export const NOTES_LINE = /^notes: (http:\/\/127\.0\.0\.1:(?<port>\d+)\/notes\/)$/;

/** The agent a notes page runs on, as its first start printed it. */
export interface NotesAgent {
  /** The agent's fingerprint (what its peers' trust stores key it by). */
  readonly fingerprint: string;
  /** The notes page's URL and its loopback port (the origin a grant names is `http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly port: number;
}

export interface NotesPage extends NotesAgent {
  readonly up: CliProcess;
  readonly browser: BrowserDevice;
  readonly pilot: UiPilot;
  /** The notes page's tab. */
  readonly page: number;
}

/** `offgrid up` as a person named `name` runs it in `host` (for `firstRun` of `up-devices.ts`, too). */
export const notesUpArgs = (host: LanHost, name: string, stateDir: string) =>
  upArgs({ host, stateDir }, ['--name', name]);

/** Starts `offgrid up` until it serves the notes app: its fingerprint and notes URL. Stop it when done. */
export async function startNotesAgent(
  host: LanHost,
  name: string,
  stateDir: string,
): Promise<NotesAgent & { readonly up: CliProcess }> {
  const up = new CliProcess(host, notesUpArgs(host, name, stateDir));
  const match = NOTES_LINE.exec(await up.waitForLine((l) => NOTES_LINE.test(l), 60_000));
  const fingerprintLine = up.lines.find((l) => l.startsWith('agent fingerprint ')) ?? '';
  return {
    up,
    fingerprint: fingerprintLine.split(' ')[2] ?? '',
    url: match?.[1] as string,
    port: Number(match?.groups?.port),
  };
}

/**
 * `name`'s agent, browser and notes page in `host` (state in `stateDir`); each part's stop is pushed on `stops`
 * (run them last first). Resolves once the page is allowed and the person's name given.
 */
export async function startNotesPage(
  host: LanHost,
  name: string,
  stateDir: string,
  stops: (() => Promise<unknown>)[],
  handlers: PilotHandlers = {},
): Promise<NotesPage> {
  const agent = await startNotesAgent(host, name, stateDir);
  stops.push(() => agent.up.stop());
  const browser = await BrowserDevice.start(host, await uiUrlOf(agent.up));
  stops.push(() => browser.stop());
  const pilot = new UiPilot(browser, await browser.open('ui'), handlers);
  stops.push(() => pilot.stop());
  const page = await browser.open('url', agent.url);
  // The person allows the notes app in the trusted UI (the page's first visit), then gives their name.
  await pollUntil(
    () => browser.eval(page, `localStorage.getItem('offgrid-lp2p-token')`),
    Boolean,
    `${name}'s page linked`,
    60_000,
  );
  await browser.command('type', { tab: page, selector: '#person-name', text: name });
  await browser.command('press', { tab: page, key: 'Enter' });
  return { ...agent, browser, pilot, page };
}
