/**
 * The notes app end to end (issue 13), between network namespaces: devices A and B each run `offgrid up` (the
 * notes app built in) and a headless Chromium page of the notes app, allowed in the trusted UI by a click; a third
 * namespace runs `offgrid serve`, unreachable at first. A and B are paired and granted the notes origin on both
 * sides by writing their trust stores as the trusted UI's pairing would (the UI has no pairing entry of its own
 * yet). Then: typing in A appears in B; with the LAN cut both edit the same note and, healed, both have both edits
 * and see the other's cursor; B's page closed, A's edit reaches B's agent, and B's page reopened with the LAN cut
 * shows it; A gets a route to the server and everything reaches it, B's badge showing the server confirmation that
 * came through A; Chromium SIGKILLed right after "Saved on this device" (B's agent stopped, so the page alone had
 * the change) still has the change when started again.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SqliteStore } from '@offgrid/server';
import {
  type BrowserDevice,
  chromiumUnavailableReason,
  lanUnavailableReason,
  pollUntil,
  type UiPilot,
} from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import type { CliProcess } from './testing/cli-process.ts';
import { type MuleLan, startMuleLan } from './testing/mule-lan.ts';
import {
  badge,
  type Device,
  EDITOR,
  notesDevice,
  openBrowser,
  openFirstNote,
  openPage,
  replicaNotes,
  startNotesPair,
  startUp,
  stopDevice,
  text,
  typeAtEnd,
  until,
} from './testing/notes-device.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
const ip = promisify(execFile);

describe('the notes app between two devices and a server', { skip }, () => {
  let scene: MuleLan | undefined;
  const devices: Device[] = [];
  after(async () => {
    await Promise.all(devices.map(stopDevice));
    await scene?.close();
  });

  it('co-edits across outages, carries B’s work to the server through A, survives a killed browser', {
    timeout: 600_000,
  }, async () => {
    const began = Date.now();
    scene = await startMuleLan({ name: 'notes-lan', token: 'team', prefixes: ['note'] });
    const { link: route, server, files } = scene;
    const a = notesDevice('Ada', scene.a);
    const b = notesDevice('Bea', scene.b);
    devices.push(a, b);
    // B's port on the LAN's switch: down cuts B off the LAN (A keeps its address and routes), up heals it.
    const lanPort = (state: 'up' | 'down') =>
      ip('ip', ['-n', b.host.namespace.replace(/-h1$/, '-sw'), 'link', 'set', 'p1', state]);

    await startNotesPair(a, b, 90_000, ['--server', scene.serverUrl, '--token', 'team']);
    // Linked to its agent only once the person allowed the app in the trusted UI.
    for (const d of [a, b])
      assert.ok(d.pilot?.seen.includes('site'), `${d.name} was asked: ${d.pilot?.seen}`);
    console.log(`set up in ${Date.now() - began} ms`);

    // 1. Typing in A appears in B.
    const browserA = a.browser as BrowserDevice;
    await browserA.click(a.tab, '.new-note');
    await until(a, `document.activeElement?.classList.contains('cm-content')`);
    await browserA.command('type', {
      tab: a.tab,
      selector: '.editor .cm-content',
      text: 'Shopping list\nmilk',
    });
    await openFirstNote(b, 'Shopping list\nmilk');
    const delays: number[] = [];
    for (const key of ['!', '?', '.']) {
      const before = await text(a);
      const started = performance.now();
      await typeAtEnd(a, key);
      await until(b, `String(${EDITOR}?.state.doc ?? '') === ${JSON.stringify(before + key)}`, 10_000);
      delays.push(performance.now() - started);
    }
    console.log(`keystroke A → B through both agents: ${delays.map((d) => d.toFixed(0)).join(', ')} ms`);

    // 2. The LAN goes down; both edit the same note; it comes back: both have both edits and each other's cursor.
    await lanPort('down');
    await typeAtEnd(a, '\nbread from Ada');
    await typeAtEnd(b, '\neggs from Bea');
    await until(a, `${badge}.includes('Offline') || ${badge}.includes('Online')`, 60_000);
    await lanPort('up');
    const healed = Date.now();
    const both = `(() => { const t = String(${EDITOR}?.state.doc ?? ''); return t.includes('bread from Ada') && t.includes('eggs from Bea'); })()`;
    await Promise.all([until(a, both, 90_000), until(b, both, 90_000)]);
    console.log(`healed: both edits on both pages ${Date.now() - healed} ms after the LAN came back`);
    assert.equal(await text(a), await text(b));
    // Each page draws the other person's caret, named.
    const caretOf = (name: string) =>
      `[...document.querySelectorAll('.cm-ySelectionInfo')].some((info) => info.textContent === ${JSON.stringify(name)})`;
    await Promise.all([until(a, caretOf('Bea'), 30_000), until(b, caretOf('Ada'), 30_000)]);

    // 3. B's page closes; A edits; B's agent gets it with no page open; B reopens with the LAN cut: it is there.
    await (b.browser as BrowserDevice).command('close', { tab: b.tab });
    await typeAtEnd(a, '\nbutter while Bea was away');
    await pollUntil(
      () => replicaNotes(b),
      (notes) => notes.some(([, t]) => t.includes('butter while Bea was away')),
      'A’s edit in B’s replica',
    );
    await lanPort('down');
    await openPage(b);
    await openFirstNote(b, 'butter while Bea was away');
    await typeAtEnd(b, '\njam from Bea, offline');

    // 4. A gets a route to the server; B is back on the LAN: everything reaches the server through A, and B's badge
    // shows the server's confirmation.
    await lanPort('up');
    await route.up();
    const routed = Date.now();
    const details = `(async () => { const s = document.querySelector('offgrid-sync-status'); s.open = true; await s.updateComplete; return s.shadowRoot.textContent.replace(/\\s+/g, ' '); })()`;
    const said = async () =>
      `A: '${await a.browser?.eval(a.tab, details)}', B: '${await b.browser?.eval(b.tab, details)}'`;
    const explain = async (error: Error) => {
      throw new Error(`${error.message}; the badges say ${await said()}`);
    };
    await until(a, `${badge}.includes('Online')`, 60_000).catch(explain);
    await until(b, `${badge}.includes('saved on the server')`, 120_000).catch(explain);
    console.log(
      `B's badge shows the server confirmation ${Date.now() - routed} ms after A got a route: ${await (b.browser as BrowserDevice).eval(b.tab, badge)}`,
    );
    // The server's own file, read once it is stopped (as a restart would).
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    const stored = new SqliteStore(files.data);
    const serverText = async () => {
      const texts: string[] = [];
      for (const [name] of await replicaNotes(a)) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, stored.load(name) ?? new Uint8Array([0, 0]));
        texts.push(doc.getText('body').toString());
      }
      return texts.join('\n---\n');
    };
    const onServer = await serverText();
    stored.close();
    for (const piece of [
      'Shopping list',
      'bread from Ada',
      'eggs from Bea',
      'butter while Bea was away',
      'jam from Bea, offline',
    ])
      assert.ok(onServer.includes(piece), `the server has '${piece}': ${onServer}`);

    // 5. B's agent stops (SIGSTOP: it hears nothing), B types; Chromium is SIGKILLed the moment the page says
    // "Saved on this device". Only B's IndexedDB had the change; both start again: it is there.
    const upB = b.up as CliProcess;
    upB.child.kill('SIGSTOP');
    await typeAtEnd(b, '\nsaved just before the crash');
    await (b.pilot as UiPilot).stop();
    await (b.browser as BrowserDevice).kill(
      b.tab,
      `document.querySelector('.saved')?.textContent === 'Saved on this device' && String(${EDITOR}?.state.doc ?? '').includes('saved just before the crash')`,
    );
    await upB.stop('SIGKILL');
    assert.ok(
      !(await replicaNotes(b)).some(([, t]) => t.includes('saved just before the crash')),
      'B’s agent never had the change: only the page’s store can bring it back',
    );
    await startUp(b);
    await openBrowser(b);
    await openFirstNote(b, 'saved just before the crash');
    // And it goes on from there: to A, through B's restarted agent.
    await until(a, `String(${EDITOR}?.state.doc ?? '').includes('saved just before the crash')`, 60_000);
    console.log(`whole run ${Date.now() - began} ms`);
  });
});
