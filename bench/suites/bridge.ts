/**
 * The LP2P API in headless Chromium through the loopback bridge (issue 12), on two devices in network namespaces:
 * - `bridge.datachannel.bulk.share`: page-to-page data-channel throughput (page → bridge → agent → QUIC → agent →
 *   bridge → page) over the same transfer between two Node LP2P programs on the same two devices, in one run
 *   (goal ≥ 0.5); the page and Node rates are reported too.
 * - `bridge.datachannel.rtt.p50`: a 100-byte message's page-to-page round trip (goal ≤ 2 ms). The agents talk over
 *   a veth pair between namespaces, an in-kernel path like loopback.
 * Needs root (namespaces) and /usr/bin/chromium; skipped with a note otherwise.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BrowserDevice,
  createLan,
  type LanHost,
  LineProcess,
  lanUnavailableReason,
  startUpNode,
  UiPilot,
  uiUrlOf,
} from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';

export const name = 'bridge';

const MiB = 1024 * 1024;
const BURST = 64 * MiB;
const BURSTS = 4;
const ROUND_TRIPS = 500;

/** Page A: a sink that answers `done` per burst and echoes short text messages. */
const SINK = `(async () => {
  const receiver = new LP2PReceiver({ nickname: 'bench-sink' });
  receiver.onconnection = ({ connection }) => {
    connection.ondatachannel = ({ channel }) => {
      let received = 0;
      channel.onmessage = ({ data }) => {
        if (typeof data === 'string') { channel.send(data); return; }
        received += data.byteLength;
        if (received >= ${BURST}) { received -= ${BURST}; channel.send('done'); }
      };
    };
  };
  await receiver.start();
})()`;

/** Page B: bursts of 1 MiB messages as the Node source sends them, then round trips; returns rates and times. */
const SOURCE = `(async () => {
  const conn = await new LP2PRequest({ nickname: 'bench-source' }).start();
  const channel = conn.createDataChannel('bulk');
  await new Promise((resolve) => { channel.onopen = resolve; });
  const message = new Uint8Array(${MiB}).fill(0x5a);
  channel.bufferedAmountLowThreshold = ${4 * MiB};
  const rates = [];
  for (let burst = 0; burst < ${BURSTS}; burst++) {
    const done = new Promise((resolve) => { channel.onmessage = resolve; });
    const started = performance.now();
    for (let sent = 0; sent < ${BURST}; sent += message.byteLength) {
      if (channel.bufferedAmount > ${8 * MiB}) {
        await new Promise((resolve) => { channel.onbufferedamountlow = resolve; });
      }
      channel.send(message);
    }
    await done;
    rates.push(${BURST} / 1e6 / ((performance.now() - started) / 1000));
  }
  const small = 'x'.repeat(100);
  const times = [];
  for (let i = 0; i < ${ROUND_TRIPS} + 50; i++) {
    const back = new Promise((resolve) => { channel.onmessage = resolve; });
    const started = performance.now();
    channel.send(small);
    await back;
    if (i >= 50) times.push(performance.now() - started);
  }
  return { rates, times };
})()`;

export async function run(report: Report): Promise<void> {
  const reason =
    lanUnavailableReason() ?? (existsSync('/usr/bin/chromium') ? undefined : 'no /usr/bin/chromium');
  if (reason) {
    process.stderr.write(`bridge bench skipped: ${reason}\n`);
    return;
  }
  const lan = await createLan(2);
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-bench-bridge-'));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const nodeRates = await nodeBaseline(hostA, hostB, dir, stops);

    const devices: BrowserDevice[] = [];
    for (const [index, host] of [hostA, hostB].entries()) {
      const up = startUpNode(
        host,
        index === 0 ? 'Bench page sink' : 'Bench page source',
        join(dir, `up-${index}`),
      );
      stops.push(() => up.stop());
      const device = await BrowserDevice.start(host, await uiUrlOf(up));
      stops.push(() => device.stop());
      devices.push(device);
    }
    const [a, b] = devices as [BrowserDevice, BrowserDevice];
    let give: (psk: string) => void = () => {};
    const shown = new Promise<string>((resolve) => {
      give = resolve;
    });
    let giveBack: (psk: string) => void = () => {};
    const shownBack = new Promise<string>((resolve) => {
      giveBack = resolve;
    });
    const pilotA = new UiPilot(a, await a.open('ui'), { onPsk: give, psk: () => shownBack });
    const pilotB = new UiPilot(b, await b.open('ui'), {
      onPsk: giveBack,
      psk: () => shown,
      peerName: () => 'Bench page sink',
    });
    stops.push(
      () => pilotA.stop(),
      () => pilotB.stop(),
    );
    const pageA = await a.open('app');
    await a.eval(pageA, SINK, 60_000);
    const pageB = await b.open('app');
    const { rates, times } = (await b.eval(pageB, SOURCE, 300_000)) as { rates: number[]; times: number[] };
    const page = percentile(rates.slice(1), 50);
    const node = percentile(nodeRates.slice(1), 50);
    report({ metric: 'bridge.datachannel.page.bulk', value: page, unit: 'MB/s' });
    report({ metric: 'bridge.datachannel.node.bulk', value: node, unit: 'MB/s' });
    report({ metric: 'bridge.datachannel.bulk.share', value: page / node, unit: 'ratio' });
    report({ metric: 'bridge.datachannel.rtt.p50', value: percentile(times, 50), unit: 'ms' });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await lan.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same bursts between two Node LP2P programs on the two devices; their rates in MB/s. */
async function nodeBaseline(
  hostA: LanHost,
  hostB: LanHost,
  dir: string,
  stops: (() => Promise<unknown>)[],
): Promise<number[]> {
  const program = join(import.meta.dirname, '..', 'bridge-node-peer.ts');
  const start = (host: LanHost, mode: string, name: string) => {
    const peer = new LineProcess(host, [program, mode, String(BURST), String(BURSTS)], {
      env: {
        ...process.env,
        OFFGRID_NAME: name,
        OFFGRID_STATE_DIR: join(dir, mode),
        OFFGRID_INTERFACE: host.address,
      },
    });
    stops.push(() => peer.stop('SIGKILL'));
    return peer;
  };
  const sink = start(hostA, 'sink', 'Bench sink');
  await sink.waitForLine((l) => l === 'sink: discoverable', 30_000);
  const source = start(hostB, 'source', 'Bench source');
  // Whichever side presents the PSK, the other one types it.
  for (const [from, to] of [
    [sink, source],
    [source, sink],
  ] as const) {
    void from
      .waitForLine((l) => l.startsWith('PSK: '), 60_000)
      .then(
        (line) => to.write(line.slice(5)),
        () => {},
      );
  }
  const rates: number[] = [];
  for (let burst = 0; burst < BURSTS; burst++) {
    const line = await source.waitForLine((l) => l.startsWith(`{"burst":${burst},`), 120_000);
    rates.push(JSON.parse(line).mbPerSecond);
  }
  return rates;
}
