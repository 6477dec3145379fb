/**
 * Two devices, each in its own network namespace running `offgrid up` and a headless Chromium page: the pages pair
 * through the trusted UIs (clicked and typed into as a person would, the PSK read off one device's UI and typed
 * into the other's), open a data channel, exchange 1 000 messages in order, and a 64 MiB message arrives intact.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BrowserDevice,
  createLan,
  type Lan,
  LineProcess,
  lanUnavailableReason,
  UiPilot,
  uiUrlOf,
} from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './testing/cli-process.ts';

const skip = lanUnavailableReason();
const BIG = 64 * 1024 * 1024;

/** Device A's page: receives, checks what B sends and echoes the small messages back. */
const RECEIVER = `(async () => {
  const receiver = new LP2PReceiver({ nickname: 'device-a' });
  receiver.onconnection = ({ connection }) => {
    connection.ondatachannel = ({ channel }) => {
      let next = 0;
      channel.onmessage = ({ data }) => {
        if (typeof data === 'string') {
          if (data !== 'message ' + next) console.log('out of order: ' + data + ' after ' + next);
          next++;
          channel.send(data);
          if (next === 1000) console.log('a: 1000 in order');
          return;
        }
        const bytes = new Uint8Array(data);
        let intact = bytes.length === ${BIG};
        for (let i = 0; intact && i < bytes.length; i += 997) intact = bytes[i] === ((i * 31) & 255);
        console.log('a: big ' + bytes.length + ' ' + (intact ? 'intact' : 'corrupt'));
        channel.send('big received');
      };
    };
  };
  await receiver.start();
  console.log('a: discoverable');
})()`;

/** Device B's page: asks for device A, sends 1 000 messages and checks their echoes, then 64 MiB. */
const REQUESTER = `(async () => {
  const conn = await new LP2PRequest({ nickname: 'device-b' }).start();
  const channel = conn.createDataChannel('lan');
  await new Promise((resolve) => { channel.onopen = resolve; });
  const echoes = [];
  const all = new Promise((resolve) => {
    channel.onmessage = ({ data }) => { echoes.push(data); if (echoes.length === 1000) resolve(); };
  });
  for (let i = 0; i < 1000; i++) channel.send('message ' + i);
  await all;
  const inOrder = echoes.every((m, i) => m === 'message ' + i);
  const big = new Uint8Array(${BIG});
  for (let i = 0; i < big.length; i += 997) big[i] = (i * 31) & 255;
  const done = new Promise((resolve) => { channel.onmessage = ({ data }) => resolve(data); });
  const started = performance.now();
  channel.send(big);
  const reply = await done;
  return { inOrder, reply, seconds: (performance.now() - started) / 1000 };
})()`;

describe('offgrid up on two devices, pages paired through the trusted UI', { skip }, () => {
  let lan: Lan;
  let dir: string;
  const ups: CliProcess[] = [];
  const devices: BrowserDevice[] = [];
  const pilots: UiPilot[] = [];

  before(async () => {
    lan = await createLan(2);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-up-lan-'));
  });
  after(async () => {
    await Promise.all(pilots.map((p) => p.stop()));
    await Promise.all(devices.map((d) => d.stop()));
    await Promise.all(ups.map((u) => u.stop()));
    await lan?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pairs the pages, then carries 1 000 messages in order and 64 MiB intact', async () => {
    const names = ['Device A', 'Device B'];
    for (const [index, host] of lan.hosts.entries()) {
      const name = names[index] as string;
      const up = new CliProcess(host, [
        'up',
        '--name',
        name,
        '--state-dir',
        join(dir, `state-${index}`),
        '--interface',
        host.address,
        '--ui-port',
        '0',
      ]);
      ups.push(up);
      devices.push(await BrowserDevice.start(host, await uiUrlOf(up)));
    }
    const [a, b] = devices as [BrowserDevice, BrowserDevice];
    // The person carries the PSK from whichever UI shows it to the other one.
    const shown: [(psk: string) => void, Promise<string>][] = [0, 1].map(() => {
      let give: (psk: string) => void = () => {};
      const psk = new Promise<string>((resolve) => {
        give = resolve;
      });
      return [give, psk];
    });
    const [fromA, fromB] = shown as [
      [(psk: string) => void, Promise<string>],
      [(psk: string) => void, Promise<string>],
    ];
    // OFFGRID_UI_SCREENSHOTS=DIR keeps a picture of each trusted-UI prompt, for a person to check.
    const screenshots = process.env.OFFGRID_UI_SCREENSHOTS;
    const shots = (name: string) => (screenshots ? { screenshots: join(screenshots, name) } : {});
    pilots.push(new UiPilot(a, await a.open('ui'), { onPsk: fromA[0], psk: () => fromB[1], ...shots('a') }));
    pilots.push(
      new UiPilot(b, await b.open('ui'), {
        onPsk: fromB[0],
        psk: () => fromA[1],
        peerName: () => 'Device A',
        ...shots('b'),
      }),
    );

    const pageA = await a.open('app');
    const pageB = await b.open('app');
    await a.eval(pageA, RECEIVER, 60_000);
    await a.console(pageA, /^a: discoverable$/);
    const result = (await b.eval(pageB, REQUESTER, 240_000)) as {
      inOrder: boolean;
      reply: string;
      seconds: number;
    };
    assert.equal(result.inOrder, true, 'the 1 000 echoes came back in order');
    assert.equal(result.reply, 'big received');
    await a.console(pageA, /^a: 1000 in order$/);
    assert.equal(await a.console(pageA, /^a: big /), `a: big ${BIG} intact`);
    assert.ok(!a.process.lines.some((l) => l.includes('out of order')));
    for (const kind of ['site', 'advertise', 'grant'])
      assert.ok(pilots[0]?.seen.includes(kind), `A saw ${kind}`);
    for (const kind of ['site', 'choose-peer', 'grant'])
      assert.ok(pilots[1]?.seen.includes(kind), `B saw ${kind}`);
    const psks = [...(pilots[0]?.seen ?? []), ...(pilots[1]?.seen ?? [])];
    assert.ok(psks.includes('show-psk') && psks.includes('enter-psk'), 'paired with a PSK typed across');
    console.log(`64 MiB page to page in ${result.seconds.toFixed(2)} s`);
  });

  it('offgrid agent --ui-port serves the bridge and the trusted UI as well', async () => {
    const host = lan.hosts[0];
    if (!host) throw new Error('no host');
    const agent = new CliProcess(host, [
      'agent',
      '--name',
      'UI agent',
      '--state-dir',
      join(dir, 'agent-ui'),
      '--interface',
      host.address,
      '--ui-port',
      '0',
      '--json',
    ]);
    ups.push(agent);
    const { url } = (await agent.waitForEvent('ui', 20_000)) as { url: string };
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    // Fetched from inside the device's namespace, where its loopback is.
    const probe = new LineProcess(host, [
      '-e',
      `fetch(${JSON.stringify(url)}).then(async (r) => console.log(r.status, r.headers.get('x-frame-options'), (await r.text()).includes('nearby devices')))`,
    ]);
    assert.equal(await probe.waitForLine((l) => /^\d{3} /.test(l), 10_000), '200 DENY true');
    await probe.stop();
  });
});
