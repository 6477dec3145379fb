/**
 * The LP2P API in headless Chromium through the loopback bridge (issue 12), on two devices in network namespaces:
 * - `bridge.datachannel.bulk.share`: page-to-page data-channel throughput (page → bridge → agent → QUIC → agent →
 *   bridge → page) over the same transfer between two Node LP2P programs on the same two devices, in one run
 *   (goal ≥ 0.5); the page and Node rates are reported too.
 * - `bridge.datachannel.rtt.p50`: a 100-byte message's page-to-page round trip (goal ≤ 2 ms). The agents talk over
 *   a veth pair between namespaces, an in-kernel path like loopback.
 * - `bridge.quictransport.bulk.share`: page-to-page throughput of one WebTransport stream (`LP2PQuicTransport` on the
 *   same connection; page → bridge → agent → q2q QUIC → agent → bridge → page) over the same transfer between the
 *   two Node programs, in one run; `bridge.quictransport.page.bulk` and `.node.bulk` are the rates
 *   (`quic-transport-burst.ts` is the code both run).
 * - `bridge.quictransport.loopback.share` (and `.page.bulk`, `.node.bulk`): the same from page B through a relay-only
 *   bridge (`relay-peer.ts`) to a q2q listener on B's own loopback, where QUIC is fast, against a direct Node
 *   transport: the bridge's own cost.
 * - `bridge.websocket.page.send`: what one hop can carry, a page's bare WebSocket to a Node `ws` server on loopback
 *   (no bridge), in messages of the bridge's chunk size.
 * Page and Node bursts alternate, so both meet the same load from the machine's other jobs; the share is the median
 * of the per-pair ratios.
 * Needs root (namespaces) and Chromium (`/usr/bin/chromium` or `$CHROMIUM`); skipped with a note otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BrowserDevice,
  chromiumUnavailableReason,
  createLan,
  type LanHost,
  LineProcess,
  lanUnavailableReason,
  startUpNode,
  UiPilot,
  uiUrlOf,
} from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';
import { QUIC_BURST_SOURCE, QUIC_SINK_SOURCE } from '../quic-transport-burst.ts';

const CHUNK_BYTES = 256 * 1024;

export const name = 'bridge';

const MiB = 1024 * 1024;
const BURST = 64 * MiB;
const BURSTS = 4;
const ROUND_TRIPS = 500;
/** WebTransport-stream bursts: smaller, as q2q QUIC between the devices carries only a few MB/s (1 452-byte datagrams). */
const QUIC_BURST = 16 * MiB;

/** Page A: a sink that answers `done` per burst and echoes short text messages. */
const SINK = `(async () => {
  const receiver = new LP2PReceiver({ nickname: 'bench-sink' });
  receiver.onconnection = ({ connection }) => {
    void (${QUIC_SINK_SOURCE})(new LP2PQuicTransport(connection)).catch(() => {});
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

/**
 * Page B: opens the channel and an `LP2PQuicTransport` on the same connection, then `benchBurst()` sends one
 * channel burst (its rate in MB/s), `benchQuicBurst()` one WebTransport-stream burst, `benchRoundTrips()` times.
 */
const SOURCE = `(async () => {
  const conn = await new LP2PRequest({ nickname: 'bench-source' }).start();
  const channel = conn.createDataChannel('bulk');
  await new Promise((resolve) => { channel.onopen = resolve; });
  const transport = new LP2PQuicTransport(conn);
  await transport.ready;
  globalThis.benchQuicBurst = () => (${QUIC_BURST_SOURCE})(transport, ${QUIC_BURST});
  const message = new Uint8Array(${MiB}).fill(0x5a);
  channel.bufferedAmountLowThreshold = ${4 * MiB};
  globalThis.benchBurst = async () => {
    const done = new Promise((resolve) => { channel.onmessage = resolve; });
    const started = performance.now();
    for (let sent = 0; sent < ${BURST}; sent += message.byteLength) {
      if (channel.bufferedAmount > ${8 * MiB}) {
        await new Promise((resolve) => { channel.onbufferedamountlow = resolve; });
      }
      channel.send(message);
    }
    await done;
    return ${BURST} / 1e6 / ((performance.now() - started) / 1000);
  };
  globalThis.benchRoundTrips = async () => {
    const small = 'x'.repeat(100);
    const times = [];
    for (let i = 0; i < ${ROUND_TRIPS} + 50; i++) {
      const back = new Promise((resolve) => { channel.onmessage = resolve; });
      const started = performance.now();
      channel.send(small);
      await back;
      if (i >= 50) times.push(performance.now() - started);
    }
    return times;
  };
})()`;

/** A page's bare WebSocket to a Node `ws` sink on loopback (no bridge): bursts as the channel's, in chunk-sized messages. */
const bareSocket = (url: string) => `(async () => {
  const ws = new WebSocket(${JSON.stringify(url)});
  ws.binaryType = 'arraybuffer';
  await new Promise((resolve) => { ws.onopen = resolve; });
  const message = new Uint8Array(${CHUNK_BYTES}).fill(0x5a);
  const rates = [];
  for (let burst = 0; burst < ${BURSTS}; burst++) {
    const done = new Promise((resolve) => { ws.onmessage = resolve; });
    const started = performance.now();
    for (let sent = 0; sent < ${BURST}; sent += message.byteLength) {
      while (ws.bufferedAmount > ${8 * MiB}) await new Promise((resolve) => setTimeout(resolve, 0));
      ws.send(message);
    }
    await done;
    rates.push(${BURST} / 1e6 / ((performance.now() - started) / 1000));
  }
  ws.close();
  return rates;
})()`;

export async function run(report: Report): Promise<void> {
  const reason = lanUnavailableReason() ?? chromiumUnavailableReason();
  if (reason) {
    process.stderr.write(`bridge bench skipped: ${reason}\n`);
    return;
  }
  const lan = await createLan(2);
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-bench-bridge-'));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const nodeSource = await nodeBaseline(hostA, hostB, dir, stops);

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
    await b.eval(pageB, SOURCE, 120_000);
    // Bursts alternate between the pages and the Node programs, so both see the same load on the shared machine;
    // the first pair warms up.
    const channel = await alternateBursts(nodeSource, 'burst', 'burst', () =>
      b.eval(pageB, 'benchBurst()', 120_000),
    );
    const times = (await b.eval(pageB, 'benchRoundTrips()', 120_000)) as number[];
    const quic = await alternateBursts(nodeSource, `qburst ${QUIC_BURST}`, 'qburst', () =>
      b.eval(pageB, 'benchQuicBurst()', 180_000),
    );
    reportBulk(
      report,
      ['bridge.datachannel.page.bulk', 'bridge.datachannel.node.bulk', 'bridge.datachannel.bulk.share'],
      channel,
    );
    report({ metric: 'bridge.datachannel.rtt.p50', value: percentile(times, 50), unit: 'ms' });
    reportBulk(
      report,
      ['bridge.quictransport.page.bulk', 'bridge.quictransport.node.bulk', 'bridge.quictransport.bulk.share'],
      quic,
    );

    // What one hop of it can carry: page B's Chromium to a bare WebSocket server on its own loopback.
    const sink = new LineProcess(hostB, [
      join(import.meta.dirname, '..', 'websocket-sink.ts'),
      String(BURST),
    ]);
    stops.push(() => sink.stop('SIGKILL'));
    const sinkUrl = (await sink.waitForLine((l) => l.startsWith('ws: '), 20_000)).slice(4);
    const bare = (await b.eval(pageB, bareSocket(sinkUrl), 120_000)) as number[];
    report({ metric: 'bridge.websocket.page.send', value: percentile(bare.slice(1), 50), unit: 'MB/s' });

    await loopbackRelay(hostB, b, pageB, report, stops);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await lan.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The bridge where QUIC is fast: page B's browser module, loaded a second time from a relay-only bridge
 * (`relay-peer.ts`) in B's namespace, opens an `LP2PQuicTransport` whose q2q session runs on loopback (64 KiB
 * datagrams), against a direct Node transport to the same listener; bursts alternate.
 */
async function loopbackRelay(
  host: LanHost,
  device: BrowserDevice,
  tab: number,
  report: Report,
  stops: (() => Promise<unknown>)[],
): Promise<void> {
  const peer = new LineProcess(host, [join(import.meta.dirname, '..', 'relay-peer.ts')]);
  stops.push(() => peer.stop('SIGKILL'));
  const url = (await peer.waitForLine((l) => l.startsWith('ui: '), 30_000)).slice(4);
  await device.eval(
    tab,
    `(async () => {
      const relayed = await import(${JSON.stringify(`${url}lp2p.js`)});
      const transport = new relayed.LP2PQuicTransport(new relayed.LP2PRequest({ nickname: 'relay' }));
      await transport.ready;
      globalThis.benchRelayBurst = () => (${QUIC_BURST_SOURCE})(transport, ${BURST});
    })()`,
    60_000,
  );
  const rates = await alternateBursts(peer, `qburst ${BURST}`, 'qburst', () =>
    device.eval(tab, 'benchRelayBurst()', 180_000),
  );
  reportBulk(
    report,
    [
      'bridge.quictransport.loopback.page.bulk',
      'bridge.quictransport.loopback.node.bulk',
      'bridge.quictransport.loopback.share',
    ],
    rates,
  );
}

/**
 * Bursts alternating between a Node program (a `command` line, answered by `{"<key>":<i>,…,"mbPerSecond":…}`)
 * and the page (`pageBurst`, resolving to MB/s), so both see the same load on the shared machine.
 */
async function alternateBursts(
  source: LineProcess,
  command: string,
  key: string,
  pageBurst: () => Promise<unknown>,
): Promise<BurstRates> {
  const page: number[] = [];
  const node: number[] = [];
  for (let burst = 0; burst < BURSTS; burst++) {
    source.write(command);
    const line = await source.waitForLine((l) => l.startsWith(`{"${key}":${burst},`), 120_000);
    node.push(JSON.parse(line).mbPerSecond);
    page.push((await pageBurst()) as number);
  }
  return { page, node };
}

interface BurstRates {
  readonly page: readonly number[];
  readonly node: readonly number[];
}

/** The page's and the Node program's median rates and their median ratio; the first pair warms up. */
function reportBulk(
  report: Report,
  [page, node, share]: readonly [string, string, string],
  rates: BurstRates,
): void {
  const shares = rates.page.map((rate, i) => rate / (rates.node[i] as number)).slice(1);
  report({ metric: page, value: percentile(rates.page.slice(1), 50), unit: 'MB/s' });
  report({ metric: node, value: percentile(rates.node.slice(1), 50), unit: 'MB/s' });
  report({ metric: share, value: percentile(shares, 50), unit: 'ratio' });
}

/**
 * Two Node LP2P programs on the two devices, connected: the source sends a channel burst for each `burst` line it
 * reads and a WebTransport-stream burst for each `qburst N` line.
 */
async function nodeBaseline(
  hostA: LanHost,
  hostB: LanHost,
  dir: string,
  stops: (() => Promise<unknown>)[],
): Promise<LineProcess> {
  const program = join(import.meta.dirname, '..', 'bridge-node-peer.ts');
  const start = (host: LanHost, mode: string, name: string) => {
    const peer = new LineProcess(host, [program, mode, String(BURST)], {
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
  await source.waitForLine((l) => l === 'source: ready', 60_000);
  return source;
}
