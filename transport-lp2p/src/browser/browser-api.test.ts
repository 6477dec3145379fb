/**
 * The browser module in real headless Chromium, through the loopback bridge, against a Node program on another
 * device: two network namespaces, the page's device running the agent with its bridge (up-node.ts, what
 * `offgrid up` runs) and Chromium, the other a Node LP2P program (`testing/echo-peer.ts`). The draft's and the
 * explainer's examples run in `browser-examples.test.ts`.
 * The person's part at the trusted UI is played by `UiPilot`, clicking as a person would.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { BrowserDevice, startUpNode, UiPilot, uiUrlOf } from '../bridge/testing/browser-device-client.ts';
import { createLan, type Lan, lanUnavailableReason } from '../testing/lan.ts';
import { LineProcess } from '../testing/line-process.ts';

const skip = lanUnavailableReason();

/** The Node program running on the other device now: where PSKs go to and come from. */
let current: LineProcess | undefined;
/** Its device name, the one to pick in the peer chooser (earlier programs' records may linger in mDNS caches). */
let currentName: string | undefined;

/** PSKs between the page's trusted UI and the Node program, as the person would carry them. */
const carryPsks = {
  onPsk: (psk: string) => current?.write(psk),
  psk: async () => {
    const peer = current as LineProcess;
    return (await peer.waitForLine((l) => l.startsWith('PSK: '), 20_000)).slice(5);
  },
};

function echoPeer(lan: Lan, mode: 'receive' | 'request', stateDir: string, name: string): LineProcess {
  const host = lan.hosts[1];
  if (!host) throw new Error('no second host');
  currentName = name;
  return new LineProcess(host, [join(import.meta.dirname, 'testing', 'echo-peer.ts'), mode], {
    env: {
      ...process.env,
      OFFGRID_NAME: name,
      OFFGRID_STATE_DIR: stateDir,
      OFFGRID_INTERFACE: host.address,
    },
  });
}

describe('the LP2P API in Chromium through the bridge', { skip }, () => {
  let lan: Lan;
  let dir: string;
  let up: LineProcess;
  let device: BrowserDevice;
  let uiTab: number;
  let pilot: UiPilot;
  const programs: LineProcess[] = [];
  const run = (program: LineProcess) => {
    programs.push(program);
    current = program;
    return program;
  };

  before(async () => {
    lan = await createLan(2);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-browser-'));
    const host = lan.hosts[0];
    if (!host) throw new Error('no host');
    // Echo peers are discoverable before a page asks: a short look for peers is enough.
    up = startUpNode(host, 'Page device', join(dir, 'page'), { discoveryWaitMs: 1000 });
    device = await BrowserDevice.start(host, await uiUrlOf(up));
    uiTab = await device.open('ui');
    pilot = new UiPilot(device, uiTab, { ...carryPsks, peerName: () => currentName, keyboard: true });
  });
  afterEach(async () => {
    for (const program of programs.splice(0)) await program.stop('SIGKILL');
  });
  after(async () => {
    await pilot?.stop();
    await device?.stop();
    await up?.stop();
    await lan?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives pages every member of LP2PConnection and LP2PDataChannel, with their events and errors', async () => {
    const peer = run(echoPeer(lan, 'receive', join(dir, 'echo-1'), 'Echo peer 1'));
    await peer.waitForLine((l) => l === 'echo: discoverable', 20_000);
    const tab = await device.open('app');
    const result = (await device.eval(tab, API_SCRIPT, 120_000)) as Record<string, unknown>;
    assert.deepEqual(result, {
      handlers: true,
      idBeforeOpen: null,
      states: ['connecting', 'open'],
      sendBeforeOpen: 'InvalidStateError',
      tooBig: 'TypeError',
      text: 'héllo',
      binary: [0, 1, 2, 253, 254, 255],
      blobAsArrayBuffer: 'from a blob',
      blobBinaryType: 'Blob:6',
      ordered: 1000,
      bufferedWhileSending: true,
      lowFired: true,
      bufferedAfter: 0,
      bigIntact: true,
      chosenId: 42,
      channelClosed: ['closed', 'close'],
      connectionClosed: true,
    });
    await peer.waitForLine((l) => l === 'echo: connection closed', 20_000);
    await device.command('close', { tab });
    assert.deepEqual(pilot.focusMisses, [], 'every request was answered from the keyboard');
  });

  it('gives pages LP2PQuicTransport through the agent: the draft’s request example, a stream, datagrams, close', async () => {
    const peer = run(echoPeer(lan, 'receive', join(dir, 'echo-2'), 'Echo peer 2'));
    await peer.waitForLine((l) => l === 'echo: discoverable', 20_000);
    const tab = await device.open('app');
    const result = (await device.eval(tab, TRANSPORT_SCRIPT, 120_000)) as Record<string, unknown>;
    assert.deepEqual(result, {
      reliability: 'supports-unreliable',
      echoedBytes: 12 + 3 * 1024 * 1024,
      streamIntact: true,
      datagram: 'datagram',
      closed: { closeCode: 7, reason: 'bye' },
    });
    await peer.waitForLine((l) => l === 'echo: transport', 20_000);
    // lp2p-EXPLAINER §Shorthand APIs, Peer B, verbatim, against the same peer's listener.
    await device.eval(
      tab,
      `(async () => {
        const options = { nickname: 'Peer B' };
        // Peer B
        const transport = lp2p.connect(options);

        await transport.ready;
        transport.close();
      })()`,
      60_000,
    );
    await device.command('close', { tab });
  });

  it('keeps an app’s script out of the trusted UI, and refuses rebinding and hijacking in the browser', async () => {
    const ui = (await device.eval(uiTab, 'location.href')) as string;
    const port = new URL(ui).port;
    pilot.paused = true;
    try {
      // DNS rebinding: a name of the attacker's that resolves to 127.0.0.1 gets nothing from the bridge.
      const rebound = await device.open('url', `http://evil.test:${port}/`);
      assert.equal(await device.command('body', { tab: rebound }), 'forbidden host');
      await device.command('close', { tab: rebound });

      const evil = await device.open('evil');
      // Clickjacking: the framed UI never loads (frame-ancestors 'none', X-Frame-Options DENY).
      const frames = (await device.command('frames', { tab: evil })) as string[];
      assert.ok(!frames.some((url) => url.startsWith(ui)), `the UI loaded in a frame: ${frames.join(', ')}`);
      // The evil origin asks for consent (a prompt appears), then tries to answer it itself, to read the
      // prompts, and to use the socket without a token.
      const report: Record<string, unknown> = {};
      for (const [step, script] of Object.entries(EVIL_STEPS)) {
        report[step] = await device.eval(evil, script.replaceAll('UI_URL', ui), 8000).catch(() => 'held');
      }
      assert.equal(report.frameReadable, false);
      assert.equal(report.hijack, 'unexpected-message 1008');
      assert.equal(report.readState, 'TypeError');
      // Cross-origin-opener-policy: the UI's window is in another browsing context group, so the opener's handle
      // is closed at once; it can neither read nor click nor learn where the window is.
      const popups = (await device.command('popups')) as string[];
      assert.ok(
        popups.some((url) => url.startsWith(ui)),
        `the popup did not load the UI: ${JSON.stringify(popups)}`,
      );
      await device.command('close-popups');
      assert.deepEqual(report.popup, {
        handle: true,
        closed: true,
        read: 'SecurityError',
        click: 'SecurityError',
        location: 'SecurityError',
      });
      assert.equal(report.consent, 'asked');
      assert.notEqual(report.jsonAnswer, 'answered');
      const evilOrigin = new URL((await device.eval(evil, 'location.href')) as string).origin;
      let pending: string[] = [];
      for (let i = 0; i < 50 && !pending.includes(evilOrigin); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        pending = (await device.eval(
          uiTab,
          `[...document.querySelectorAll('form[data-prompt-kind="site"] .origin')].map((o) => o.textContent)`,
        )) as string[];
      }
      assert.ok(
        pending.includes(evilOrigin),
        `the evil origin’s consent is still waiting for the person: ${JSON.stringify(await device.eval(uiTab, 'document.body.innerText'))}`,
      );
      await device.command('screenshot', {
        tab: uiTab,
        path: process.env.OFFGRID_UI_SCREENSHOT ?? join(dir, 'trusted-ui.png'),
      });
      await device.command('close', { tab: evil });
    } finally {
      pilot.paused = false;
    }
  });
});

/** What a hostile page tries against the trusted UI (UI_URL) and the bridge, one step per evaluation. */
const EVIL_STEPS: Record<string, string> = {
  frameReadable: `(() => { try { return document.getElementById('ui').contentDocument !== null; } catch { return false; } })()`,
  hijack: `(async () => {
    const lp2p = await import('UI_URL' + 'lp2p.js');
    return new Promise((resolve) => {
      const ws = new WebSocket('UI_URL'.replace('http', 'ws') + 'lp2p');
      ws.binaryType = 'arraybuffer';
      let code = '';
      ws.onopen = () => ws.send(lp2p.encodeBridgeMessage({ t: 'request', rid: 1, nickname: 'hijack' }));
      ws.onmessage = (e) => { code = lp2p.decodeAgentMessage(new Uint8Array(e.data)).code; };
      ws.onclose = (e) => resolve(code + ' ' + e.code);
    });
  })()`,
  // The popup: the page opens the trusted UI itself (without noopener, as an attacker would) and, once it has
  // loaded, tries to read it and click its buttons through the handle window.open gave it.
  popup: `new Promise((resolve) => {
    const w = window.open('UI_URL', 'offgrid-ui-attack', 'popup,width=480,height=640');
    if (!w) { resolve({ handle: false }); return; }
    setTimeout(() => {
      const r = { handle: true, closed: w.closed };
      const attempt = (name, act) => { try { r[name] = act(); } catch (e) { r[name] = e.name; } };
      attempt('read', () => w.document.body.innerText.length);
      attempt('click', () => { w.document.querySelector('button').click(); return 'clicked'; });
      attempt('location', () => w.location.href);
      resolve(r);
    }, 2000);
  })`,
  readState: `fetch('UI_URL' + 'ui/state').then(() => 'read', (e) => e.name)`,
  // The origin asks for consent, which only the person can give. (Its own window.open is stubbed: puppeteer stops
  // evaluating in a page that opened a popup, and the popup is not what this test is about.)
  consent: `import('UI_URL' + 'lp2p.js').then((lp2p) => {
    window.open = () => null;
    new lp2p.LP2PRequest({ nickname: 'evil' }).start();
    return new Promise((resolve) => setTimeout(resolve, 500, 'asked'));
  })`,
  // The answers: a preflighted JSON POST, and simple no-cors POSTs whose responses are unreadable (and refused by
  // CORP). Chromium may hold these rather than fail them; the UI shows afterwards that none was taken.
  jsonAnswer: `fetch('UI_URL' + 'ui/answer', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 1, value: true }) }).then(() => 'answered', (e) => e.name)`,
  blindAnswers: `Promise.all(Array.from({ length: 20 }, (_, i) => fetch('UI_URL' + 'ui/answer',
    { method: 'POST', mode: 'no-cors', body: JSON.stringify({ id: i + 1, value: true }) }).catch(() => {}))).then(() => 'sent')`,
};

/** The draft's LP2PQuicTransport request example, then a stream, datagrams and a close against the echo peer. */
const TRANSPORT_SCRIPT = `(async () => {
  const request = new LP2PRequest({
      nickname: "example-request",
  });

  const transport = new LP2PQuicTransport(request);

  // Blocks until transport is ready.
  await transport.ready;

  const r = { reliability: transport.reliability };
  const { readable, writable } = await transport.createBidirectionalStream();
  const big = new Uint8Array(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 1000) big[i] = (i / 1000) & 255;
  const reading = (async () => {
    const reader = readable.getReader();
    const parts = [];
    for (;;) { const { value, done } = await reader.read(); if (done) return parts; parts.push(value); }
  })();
  const writer = writable.getWriter();
  await writer.write(new TextEncoder().encode('hello stream'));
  await writer.write(big);
  await writer.close();
  const parts = await reading;
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  r.echoedBytes = all.length;
  r.streamIntact = new TextDecoder().decode(all.subarray(0, 12)) === 'hello stream'
    && big.every((b, i) => i % 1000 !== 0 || all[12 + i] === b);
  const dw = transport.datagrams.writable.getWriter();
  const dr = transport.datagrams.readable.getReader();
  r.datagram = null;
  for (let i = 0; i < 20 && r.datagram === null; i++) {
    await dw.write(new TextEncoder().encode('datagram'));
    r.datagram = await Promise.race([
      dr.read().then(({ value }) => new TextDecoder().decode(value)),
      new Promise((resolve) => setTimeout(resolve, 250, null)),
    ]);
  }
  transport.close({ closeCode: 7, reason: 'bye' });
  r.closed = await transport.closed;
  return r;
})()`;

/** Exercises the page's API against the echo peer and reports what it saw. */
const API_SCRIPT = `(async () => {
  const r = {};
  const conn = await new LP2PRequest({ nickname: 'api' }).start();
  const ch = conn.createDataChannel('api');
  r.handlers = ['onopen', 'onmessage', 'onbufferedamountlow', 'onerror', 'onclosing', 'onclose'].every((k) => k in ch)
    && ['ondatachannel', 'onclose'].every((k) => k in conn);
  r.idBeforeOpen = ch.id;
  r.states = [ch.readyState];
  try { ch.send('too early'); } catch (e) { r.sendBeforeOpen = e.name; }
  await new Promise((resolve) => { ch.onopen = resolve; });
  r.states.push(ch.readyState);
  try { ch.send(new Uint8Array(MAX_MESSAGE_SIZE + 1)); } catch (e) { r.tooBig = e.name; }
  const next = () => new Promise((resolve) => ch.addEventListener('message', (e) => resolve(e.data), { once: true }));
  ch.send('héllo'); r.text = await next();
  ch.send(new Uint8Array([0, 1, 2, 253, 254, 255])); r.binary = [...new Uint8Array(await next())];
  ch.send(new Blob(['from a blob'])); r.blobAsArrayBuffer = new TextDecoder().decode(await next());
  ch.binaryType = 'blob'; ch.send(new Uint8Array(6)); const blob = await next();
  r.blobBinaryType = blob.constructor.name + ':' + blob.size; ch.binaryType = 'arraybuffer';
  const got = [];
  const all = new Promise((resolve) => { ch.onmessage = (e) => { got.push(e.data); if (got.length === 1000) resolve(); }; });
  for (let i = 0; i < 1000; i++) ch.send('m' + i);
  await all;
  r.ordered = got.every((m, i) => m === 'm' + i) ? got.length : -1;
  ch.onmessage = null;
  const big = new Uint8Array(8 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 255;
  ch.bufferedAmountLowThreshold = 0;
  const low = new Promise((resolve) => { ch.onbufferedamountlow = () => resolve(true); });
  const echoed = next();
  ch.send(big);
  r.bufferedWhileSending = ch.bufferedAmount === big.length;
  r.lowFired = await low;
  r.bufferedAfter = ch.bufferedAmount;
  const back = new Uint8Array(await echoed);
  r.bigIntact = back.length === big.length && back.every((b, i) => b === big[i]);
  const chosen = conn.createDataChannel('chosen', { id: 42 });
  await new Promise((resolve) => { chosen.onopen = resolve; });
  r.chosenId = chosen.id;
  const seen = [];
  await new Promise((resolve) => { chosen.onclose = () => { seen.push(chosen.readyState, 'close'); resolve(); }; chosen.close(); });
  r.channelClosed = seen;
  await new Promise((resolve) => { conn.onclose = resolve; conn.close(); });
  r.connectionClosed = true;
  return r;
})()`;
