/**
 * LP2PQuicTransport over q2q QUIC on 127.0.0.1: time to `ready`, 100-byte echo round trip on a
 * bidirectional stream, one-stream bulk throughput, datagram ping-pong, and datagram throughput with the
 * share not delivered (dropped by a queue or lost: datagrams are QUIC DATAGRAM frames, RFC 9221).
 * Compare with the `sessions` suite's quic.* lines for the cost of the WebTransport layer.
 * `quic-transport.bridged.bulk`: the same bulk transfer through the page module's bridge wire (`bridged-q2q.ts`:
 * the browser module's classes in Node, a loopback WebSocket, the agent's relay), and its share of the direct
 * figure (`.share`, per pair of alternating runs): what the bridge costs when QUIC itself is fast;
 * `quic-transport.bridged.datagrams` (and `.dropped`) the datagram burst through it.
 */
import { LP2PQuicTransport, MAX_DATAGRAM_SIZE } from '@offgrid/transport-lp2p/node';
import { bridgedTransport } from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';
import { loopbackQ2q } from '../loopback-q2q.ts';
import { bulkWrite, countBytes } from '../stream-bulk.ts';

export const name = 'quic-transport';

const handshakes = 10;
const roundTrips = 500;
const warmUp = 50;
const bulkBytes = 64 * 1024 * 1024;
const bulkBudgetMs = 5_000;
const datagramSendMs = 2_000;
const datagramBatch = 64;
const chunk = new Uint8Array(64 * 1024).fill(0x5a);
const message = new Uint8Array(100).fill(1);

export async function run(report: Report): Promise<void> {
  const { listener, dial } = await loopbackQ2q('bench-q2q-client', 'bench-q2q-server');
  const accepted = listener.incomingSessions.getReader();
  const connect = async () => {
    const started = performance.now();
    const local = new LP2PQuicTransport(dial());
    await local.ready;
    const ms = performance.now() - started;
    const { value } = await accepted.read();
    if (!value) throw new Error('listener closed');
    return { local, remote: new LP2PQuicTransport(Promise.resolve(value)), ms };
  };

  const times: number[] = [];
  for (let i = 0; i < handshakes; i++) {
    const pair = await connect();
    times.push(pair.ms);
    pair.local.close();
  }
  report({ metric: 'quic-transport.ready', value: percentile(times, 50), unit: 'ms' });

  const { local, remote } = await connect();
  void (async () => {
    for await (const { readable, writable } of remote.incomingBidirectionalStreams) {
      readable.pipeTo(writable).catch(() => {});
    }
  })();
  const stream = await local.createBidirectionalStream();
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const rtts: number[] = [];
  for (let i = 0; i < warmUp + roundTrips; i++) {
    const started = performance.now();
    await writer.write(message);
    for (let got = 0; got < message.byteLength; ) {
      const { value, done } = await reader.read();
      if (done) throw new Error('echo stream ended');
      got += value.byteLength;
    }
    if (i >= warmUp) rtts.push(performance.now() - started);
  }
  report({ metric: 'quic-transport.rtt.p50', value: percentile(rtts, 50), unit: 'ms' });
  report({ metric: 'quic-transport.rtt.p99', value: percentile(rtts, 99), unit: 'ms' });

  const bulk = await bulkThroughput(local, remote);
  report({ metric: 'quic-transport.bulk', value: bulk, unit: 'MB/s' });

  const burst = await datagramThroughput(local, remote);
  report({ metric: 'quic-transport.datagrams', value: burst.perSecond, unit: 'datagrams/s' });
  report({ metric: 'quic-transport.datagrams.dropped', value: burst.droppedPercent, unit: '%' });

  const datagramRtts = await datagramPingPong(local, remote);
  report({ metric: 'quic-transport.datagram-rtt.p50', value: percentile(datagramRtts, 50), unit: 'ms' });

  // Direct and bridged runs alternate, so both meet the same load from the machine's other jobs.
  const bridged = await bridgedTransport(dial);
  await bridged.transport.ready;
  const { value: bridgedSession } = await accepted.read();
  if (!bridgedSession) throw new Error('listener closed');
  const bridgedRemote = new LP2PQuicTransport(Promise.resolve(bridgedSession));
  const direct: number[] = [];
  const viaBridge: number[] = [];
  for (let i = 0; i < 3; i++) {
    direct.push(await bulkThroughput(local, remote));
    viaBridge.push(await bulkThroughput(bridged.transport, bridgedRemote));
  }
  report({ metric: 'quic-transport.bridged.bulk', value: percentile(viaBridge, 50), unit: 'MB/s' });
  const shares = viaBridge.map((rate, i) => rate / (direct[i] as number));
  report({ metric: 'quic-transport.bridged.bulk.share', value: percentile(shares, 50), unit: 'ratio' });
  const bridgedBurst = await datagramThroughput(bridged.transport, bridgedRemote);
  report({ metric: 'quic-transport.bridged.datagrams', value: bridgedBurst.perSecond, unit: 'datagrams/s' });
  report({
    metric: 'quic-transport.bridged.datagrams.dropped',
    value: bridgedBurst.droppedPercent,
    unit: '%',
  });
  await bridged.close();

  local.close();
  await listener.close();
}

async function bulkThroughput(local: LP2PQuicTransport, remote: LP2PQuicTransport): Promise<number> {
  const writable = await local.createUnidirectionalStream();
  const incoming = remote.incomingUnidirectionalStreams.getReader();
  const { value: readable } = await incoming.read();
  incoming.releaseLock();
  if (!readable) throw new Error('transport closed');
  const result = await bulkWrite(writable, countBytes(readable), chunk, bulkBytes, bulkBudgetMs);
  return result.bytes / 1e6 / result.seconds;
}

async function datagramPingPong(local: LP2PQuicTransport, remote: LP2PQuicTransport): Promise<number[]> {
  const echoReader = remote.datagrams.readable.getReader();
  const echoWriter = remote.datagrams.writable.getWriter();
  const writer = local.datagrams.writable.getWriter();
  const reader = local.datagrams.readable.getReader();
  const rtts: number[] = [];
  for (let i = 0; i < warmUp + roundTrips; i++) {
    const started = performance.now();
    await writer.write(message);
    const { value } = await echoReader.read();
    if (value) await echoWriter.write(value);
    await reader.read();
    if (i >= warmUp) rtts.push(performance.now() - started);
  }
  for (const lock of [echoReader, echoWriter, writer, reader]) lock.releaseLock();
  return rtts;
}

/**
 * Sends 1200-byte datagrams for `datagramSendMs`, `datagramBatch` per event-loop turn (a tight loop of writes
 * that resolve at once would starve the socket), while the peer reads them all. The rate counts what arrived,
 * up to the last arrival; a datagram not read by then was dropped by a queue or lost on the way.
 */
async function datagramThroughput(local: LP2PQuicTransport, remote: LP2PQuicTransport) {
  const reader = remote.datagrams.readable.getReader();
  let received = 0;
  let lastArrival = performance.now();
  const dropped = async () =>
    (await local.getStats()).datagrams.droppedOutgoing + (await remote.getStats()).datagrams.droppedIncoming;
  const droppedBefore = await dropped();
  const reading = (async () => {
    while ((await reader.read()).value) {
      received++;
      lastArrival = performance.now();
    }
  })();
  const writer = local.datagrams.writable.getWriter();
  const payload = new Uint8Array(MAX_DATAGRAM_SIZE);
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < datagramSendMs) {
    for (let i = 0; i < datagramBatch; i++, sent++) await writer.write(payload);
    await new Promise((resolve) => setImmediate(resolve));
  }
  writer.releaseLock();
  // Done when every datagram is accounted for, or none has arrived for a while (the rest were lost).
  const deadline = performance.now() + 5_000;
  while (
    received + (await dropped()) - droppedBefore < sent &&
    performance.now() - lastArrival < 250 &&
    performance.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (lastArrival - started) / 1000;
  reader.releaseLock();
  await reading.catch(() => {});
  return { perSecond: received / seconds, droppedPercent: (100 * (sent - received)) / sent };
}
