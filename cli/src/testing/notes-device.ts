/**
 * One device of the notes end-to-end test and benchmark (cli/src/notes-lan.test.ts, bench/suites/notes.ts): a LAN
 * host running `offgrid up` (the notes app built in) and headless Chromium on a profile it keeps, a person at its
 * trusted UI (`UiPilot`) and the notes page in a tab, driven with real key events.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteDocumentStore } from '@offgrid/framework/node';
import { BrowserDevice, UiPilot, uiUrlOf } from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import { CliProcess } from './cli-process.ts';
import { NOTES_LINE, notesUpArgs } from './notes-page.ts';
import { pairAndGrant, type UpDevice, firstRun as upFirstRun } from './up-devices.ts';

/** One device: its namespace, its `offgrid up`, its Chromium (on a kept profile) and its notes tab. */
export interface Device extends UpDevice {
  readonly name: string;
  readonly profile: string;
  url: string;
  up?: CliProcess;
  browser?: BrowserDevice;
  pilot?: UiPilot;
  tab: number;
}

function notesArgs(device: Device, extra: string[] = []): string[] {
  return [...notesUpArgs(device.host, device.name, device.stateDir), ...extra];
}

/** The device's first `offgrid up`, stopped once it serves notes: its fingerprint, notes URL and port. */
export async function firstRun(device: Device): Promise<void> {
  device.url = (await upFirstRun(device, notesArgs(device), NOTES_LINE, 120_000))[1] as string;
}

export async function startUp(device: Device, extra: string[] = []): Promise<void> {
  device.up = new CliProcess(device.host, notesArgs(device, extra));
  assert.equal(await device.up.waitForLine((l) => NOTES_LINE.test(l), 120_000), `notes: ${device.url}`);
}

/**
 * `a` and `b` as two laptops switched on: first runs, paired and granted notes as the trusted UI records it, then
 * started one after the other (`aExtra`: more flags for A's `offgrid up`) — started in the same instant, each
 * agent's first mDNS query can go out before the other advertises, and discovery then waits for the next query —
 * each with Chromium and the notes page; resolves once each page's badge counts the other device (within `linkMs`;
 * else the error says what the badges say, what the trusted UIs asked and what the agents printed).
 */
export async function startNotesPair(
  a: Device,
  b: Device,
  linkMs: number,
  aExtra: string[] = [],
): Promise<void> {
  await Promise.all([firstRun(a), firstRun(b)]);
  await pairAndGrant(a, b);
  await startUp(a, aExtra);
  await startUp(b);
  await Promise.all([openBrowser(a), openBrowser(b)]);
  await Promise.all(
    [a, b].map((d) =>
      until(d, `${badge}.includes('Nearby only')`, linkMs).catch(async (error: Error) => {
        const said = await d.browser?.eval(d.tab, badge);
        const logs = [a, b].map((x) => `${x.name}'s agent:\n${x.up?.lines.join('\n')}`).join('\n');
        throw new Error(
          `${d.name}'s badge says '${said}', asked: ${d.pilot?.seen}; ${error.message}\n${logs}`,
        );
      }),
    ),
  );
}

/** Chromium on the device's kept profile, a person at its trusted UI, and the notes page open (name given). */
export async function openBrowser(device: Device): Promise<void> {
  device.browser = await BrowserDevice.start(device.host, await uiUrlOf(device.up as CliProcess), {
    profile: device.profile,
  });
  device.pilot = new UiPilot(device.browser, await device.browser.open('ui'));
  await openPage(device);
}

export async function openPage(device: Device): Promise<void> {
  const browser = device.browser as BrowserDevice;
  device.tab = await browser.open('url', device.url);
  // The name is asked on the first visit only (localStorage), the list shows either way.
  const first = await until(
    device,
    `document.querySelector('#person-name') ? 'name' : document.querySelector('.new-note') ? 'list' : ''`,
    30_000,
  );
  if (first === 'name') {
    await browser.command('type', { tab: device.tab, selector: '#person-name', text: device.name });
    await browser.command('press', { tab: device.tab, key: 'Enter' });
    await until(device, `document.querySelector('.new-note') !== null`, 10_000);
  }
}

/** Evaluates `expr` in the device's notes page until it is truthy (checked every 5 ms in the page); its value. */
export function until(device: Device, expr: string, ms = 30_000): Promise<unknown> {
  return (device.browser as BrowserDevice).eval(
    device.tab,
    `new Promise((resolve, reject) => {
      const deadline = Date.now() + ${ms};
      const check = () => {
        let value;
        try { value = (${expr}); } catch { value = undefined; }
        if (value) resolve(value);
        else if (Date.now() > deadline) reject(new Error('timed out: ' + ${JSON.stringify(expr)}));
        else setTimeout(check, 5);
      };
      check();
    })`,
    ms + 10_000,
  );
}

export const EDITOR = `document.querySelector('offgrid-notes-app')?.editor`;
export const text = (device: Device) =>
  (device.browser as BrowserDevice).eval(device.tab, `String(${EDITOR}?.state.doc ?? '')`) as Promise<string>;
export const badge = `(document.querySelector('offgrid-sync-status')?.shadowRoot?.textContent?.replace(/\\s+/g, ' ') ?? '')`;

/** Types with real key events at the end of the open note. */
export async function typeAtEnd(device: Device, keys: string, delayMs = 0): Promise<void> {
  const browser = device.browser as BrowserDevice;
  await browser.eval(
    device.tab,
    `${EDITOR}.focus(), ${EDITOR}.dispatch({ selection: { anchor: ${EDITOR}.state.doc.length } })`,
  );
  await browser.command(
    'type',
    { tab: device.tab, selector: '.editor .cm-content', text: keys, delay: delayMs },
    60_000 + keys.length * delayMs,
  );
}

export async function openFirstNote(device: Device, containing: string, ms = 30_000): Promise<void> {
  await until(device, `document.querySelector('.note-link')`, ms);
  await (device.browser as BrowserDevice).click(device.tab, '.note-link');
  await until(device, `String(${EDITOR}?.state.doc ?? '').includes(${JSON.stringify(containing)})`, ms);
}

/** The note documents in a device's replica database (read beside the running agent: WAL allows it). */
export async function replicaNotes(device: Device): Promise<[string, string][]> {
  const store = new SqliteDocumentStore(join(device.stateDir, 'apps', 'notes.db'));
  try {
    const texts: [string, string][] = [];
    for (const name of await store.list()) {
      if (!name.startsWith('note:')) continue;
      const doc = new Y.Doc();
      for (const update of (await store.load(name)).updates) Y.applyUpdate(doc, update);
      texts.push([name, doc.getText('body').toString()]);
    }
    return texts;
  } finally {
    await store.close();
  }
}

/** A notes device named `name` on `at`'s host with `at`'s state folder, its Chromium profile beside it. */
export function notesDevice(name: string, at: Pick<UpDevice, 'host' | 'stateDir'>): Device {
  return {
    name,
    host: at.host,
    stateDir: at.stateDir,
    profile: `${at.stateDir}-chromium`,
    fingerprint: '',
    url: '',
    port: 0,
    tab: 0,
  };
}

/** Stops the device's person, browser and agent (whatever runs). */
export async function stopDevice(device: Device): Promise<void> {
  await device.pilot?.stop();
  await device.browser?.stop();
  await device.up?.stop();
}
