/**
 * The notes app between two devices (issue 13), each an `offgrid up` with a headless Chromium page of the notes
 * app, in network namespaces on a private bridge (the machine's real interfaces see no multicast; the veth
 * bridge is as close to loopback as two agents can be):
 * - `notes.keystroke.latency.p50` / `.p99`: a key pressed in A's page (real key events into CodeMirror, one every
 *   30 ms) until the character is in B's page's DOM — A's page → A's agent → OSP data channel → B's agent → B's
 *   page. Both timestamps are taken in the pages (`performance.timeOrigin + now()`, one machine clock).
 *   Goal p50 ≤ 50 ms, p99 ≤ 150 ms.
 * - `notes.cold.start`: `offgrid up` spawned (state and consent from an earlier run, Chromium already running)
 *   until the notes page opened then shows its list with the stored note.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Device,
  EDITOR,
  notesDevice,
  openFirstNote,
  startNotesPair,
  startUp,
  stopDevice,
  typeAtEnd,
  until,
} from '@offgrid/cli/testing';
import {
  type BrowserDevice,
  chromiumUnavailableReason,
  createLan,
  lanUnavailableReason,
} from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';

export const name = 'notes';

const KEYSTROKES = 300;
const KEY_DELAY_MS = 30;

export async function run(report: Report): Promise<void> {
  const reason = lanUnavailableReason() ?? chromiumUnavailableReason();
  if (reason) {
    process.stderr.write(`notes bench skipped: ${reason}\n`);
    return;
  }
  const lan = await createLan(2);
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-notes-bench-'));
  const [hostA, hostB] = lan.hosts;
  if (!hostA || !hostB) throw new Error('no LAN hosts');
  const a = notesDevice('Ada', { host: hostA, stateDir: join(dir, 'a') });
  const b = notesDevice('Bea', { host: hostB, stateDir: join(dir, 'b') });
  try {
    // Paired, started and linked (each page's badge counts the other device).
    await startNotesPair(a, b, 120_000);

    const browserA = a.browser as BrowserDevice;
    await browserA.click(a.tab, '.new-note');
    await until(a, `document.activeElement?.classList.contains('cm-content')`);
    await typeAtEnd(a, 'Keystrokes\n');
    await openFirstNote(b, 'Keystrokes\n', 60_000);
    const latencies = await keystrokes(a, b);
    report({ metric: 'notes.keystroke.latency.p50', value: percentile(latencies, 50), unit: 'ms' });
    report({ metric: 'notes.keystroke.latency.p99', value: percentile(latencies, 99), unit: 'ms' });

    report({ metric: 'notes.cold.start', value: await coldStart(b), unit: 'ms' });
  } finally {
    await Promise.all([stopDevice(a), stopDevice(b)]);
    await lan.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Types KEYSTROKES letters at the end of A's open note; each one's delay until B's page's DOM has it. */
async function keystrokes(a: Device, b: Device): Promise<number[]> {
  const clock = 'performance.timeOrigin + performance.now()';
  const base = (await (b.browser as BrowserDevice).eval(
    b.tab,
    `(() => {
      const view = ${EDITOR};
      globalThis.seen = [];
      new MutationObserver(() => seen.push([${clock}, view.state.doc.length])).observe(
        document.querySelector('.editor .cm-content'), { subtree: true, childList: true, characterData: true });
      return view.state.doc.length;
    })()`,
  )) as number;
  await (a.browser as BrowserDevice).eval(
    a.tab,
    `globalThis.pressed = [], document.addEventListener('keydown', () => pressed.push(${clock}), true)`,
  );
  const keys = Array.from({ length: KEYSTROKES }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  await typeAtEnd(a, keys, KEY_DELAY_MS);
  await until(b, `${EDITOR}.state.doc.length >= ${base + KEYSTROKES}`, 60_000);
  const pressed = (await (a.browser as BrowserDevice).eval(a.tab, 'pressed')) as number[];
  const seen = (await (b.browser as BrowserDevice).eval(b.tab, 'seen')) as [number, number][];
  if (pressed.length !== KEYSTROKES) throw new Error(`${pressed.length} keydowns for ${KEYSTROKES} keys`);
  const latencies = pressed.map((at, i) => {
    const shown = seen.find(([, length]) => length >= base + i + 1);
    if (shown === undefined) throw new Error(`key ${i} never shown in B`);
    return shown[0] - at;
  });
  const at = (p: number) => percentile(latencies, p).toFixed(1);
  process.stderr.write(
    `notes keystrokes: p50 ${at(50)} ms, p90 ${at(90)} ms, p99 ${at(99)} ms, max ${at(100)} ms (${latencies.length})\n`,
  );
  return latencies;
}

/** B's `offgrid up` stopped and started again; from its spawn until a new tab of the notes page lists the note. */
async function coldStart(b: Device): Promise<number> {
  const browser = b.browser as BrowserDevice;
  await browser.command('close', { tab: b.tab });
  await b.up?.stop();
  const started = performance.now();
  await startUp(b);
  b.tab = await browser.open('url', b.url);
  await until(b, `document.querySelector('.note-list .note-title')?.textContent === 'Keystrokes'`, 60_000);
  return performance.now() - started;
}
