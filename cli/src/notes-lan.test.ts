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
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SqliteStore } from '@offgrid/server';
import { serveFiles } from '@offgrid/server/testing';
import {
  type BrowserDevice,
  chromiumUnavailableReason,
  createIsolatedHost,
  createLan,
  type IsolatedHost,
  type Lan,
  type LanHost,
  lanUnavailableReason,
  linkHosts,
  pollUntil,
  type UiPilot,
} from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import type { CliProcess } from './testing/cli-process.ts';
import {
  badge,
  type Device,
  EDITOR,
  firstRun,
  notesDevice,
  openBrowser,
  openFirstNote,
  openPage,
  pairAndGrant,
  replicaNotes,
  startUp,
  stopDevice,
  text,
  typeAtEnd,
  until,
} from './testing/notes-device.ts';
import { SERVE_PORT, startServeInHost } from './testing/serve-in-host.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
const ip = promisify(execFile);

const startServer = (host: IsolatedHost, data: string, tokens: string) =>
  startServeInHost(host, { data, tokens });

describe('the notes app between two devices and a server', { skip }, () => {
  let lan: Lan | undefined;
  let cloud: IsolatedHost | undefined;
  let server: ChildProcess | undefined;
  let dir = '';
  const devices: Device[] = [];
  const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: ['note'] }]);
  after(async () => {
    await Promise.all(devices.map(stopDevice));
    server?.kill('SIGKILL');
    await lan?.close();
    await cloud?.remove();
    files.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('co-edits across outages, carries B’s work to the server through A, survives a killed browser', {
    timeout: 600_000,
  }, async () => {
    const began = Date.now();
    lan = await createLan(2);
    cloud = await createIsolatedHost();
    dir = await mkdtemp(join(tmpdir(), 'offgrid-notes-lan-'));
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const route = await linkHosts(hostA, cloud, Number(lan.subnet.split('.')[2]));
    server = await startServer(cloud, files.data, files.tokens);
    const a = notesDevice('Ada', hostA, dir, 'a');
    const b = notesDevice('Bea', hostB, dir, 'b');
    devices.push(a, b);
    // B's port on the LAN's switch: down cuts B off the LAN (A keeps its address and routes), up heals it.
    const lanPort = (state: 'up' | 'down') =>
      ip('ip', ['-n', hostB.namespace.replace(/-h1$/, '-sw'), 'link', 'set', 'p1', state]);

    await Promise.all([firstRun(a), firstRun(b)]);
    await pairAndGrant(a, b);
    // One after the other, as two laptops are switched on: started in the same instant, each agent's first mDNS
    // query can go out before the other advertises, and discovery then waits for the next query (see the report).
    await startUp(a, ['--server', `ws://${route.peerAddress}:${SERVE_PORT}`, '--token', 'team']);
    await startUp(b);
    await Promise.all([openBrowser(a), openBrowser(b)]);
    await Promise.all(
      [a, b].map((d) =>
        until(d, `${badge}.includes('Nearby only')`, 90_000).catch(async (error: Error) => {
          const said = await d.browser?.eval(d.tab, badge);
          const logs = [a, b].map((x) => `${x.name}'s agent:\n${x.up?.lines.join('\n')}`).join('\n');
          throw new Error(
            `${d.name}'s badge says '${said}', asked: ${d.pilot?.seen}; ${error.message}\n${logs}`,
          );
        }),
      ),
    );
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
    await new Promise((resolve) => server?.once('exit', resolve));
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
