/**
 * LP2P data channels on 127.0.0.1: bulk throughput over a channel against the bare session stream in the same
 * run, taking turns (target: channel ≥ 80% of session, reported as `.bulk.share`), and the round trip of a
 * 100-byte message over a channel (targets: p50 ≤ 1 ms over TCP, ≤ 2 ms over QUIC).
 */
import { once } from 'node:events';
import type { LP2PDataChannel, LP2PDataChannelEvent } from '@offgrid/transport-lp2p/node';
import { createTestCredentials, lp2pPair, type PairKind, sessionPair } from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';
import { streamBulk } from '../stream-bulk.ts';

export const name = 'data-channel';

const MiB = 1024 * 1024;
const message = new Uint8Array(1 * MiB).fill(0x5a);
const small = new Uint8Array(100).fill(1);
const roundTrips = 1000;
const warmUp = 100;

/**
 * Session and channel take turns on one connection, this many times each. A shared VM's speed drifts by ±25 %
 * over seconds, so each turn's ratio compares two runs made back to back, and the share reported is the median
 * of those ratios; the order within a turn alternates so neither side always runs first (the second run of a
 * turn pays part of the first one's garbage collection).
 */
const bulkTurns = { tcp: 15, quic: 5 } as const;

export async function run(report: Report): Promise<void> {
  const plans = [
    { kind: 'tcp', bytes: 256 * MiB, budgetMs: 10_000 },
    { kind: 'quic', bytes: 64 * MiB, budgetMs: 5_000 },
  ] as const;
  for (const { kind, bytes, budgetMs } of plans) {
    const pair = await lp2pPair(kind);
    const arriving = once(pair.server, 'datachannel');
    const local = pair.client.createDataChannel('bench');
    await once(local, 'open');
    const remote = ((await arriving) as [LP2PDataChannelEvent])[0].channel;
    const session: number[] = [];
    const channel: number[] = [];
    const shares: number[] = [];
    const runSession = () => sessionBulk(kind, bytes, budgetMs);
    const runChannel = () => channelBulk(local, remote, bytes, budgetMs);
    // A first turn warms both paths up (JIT, pools, windows) and is not counted.
    for (let turn = -1; turn < bulkTurns[kind]; turn++) {
      let sessionRate: number;
      let channelRate: number;
      if (turn % 2 === 0) {
        sessionRate = await runSession();
        channelRate = await runChannel();
      } else {
        channelRate = await runChannel();
        sessionRate = await runSession();
      }
      if (turn < 0) continue;
      session.push(sessionRate);
      channel.push(channelRate);
      shares.push((100 * channelRate) / sessionRate);
    }
    report({ metric: `${kind}.session.bulk`, value: percentile(session, 50), unit: 'MB/s' });
    report({ metric: `${kind}.datachannel.bulk`, value: percentile(channel, 50), unit: 'MB/s' });
    report({ metric: `${kind}.datachannel.bulk.share`, value: percentile(shares, 50), unit: '%' });
    const rtts = await channelRoundTrips(local, remote);
    report({ metric: `${kind}.datachannel.rtt.p50`, value: percentile(rtts, 50), unit: 'ms' });
    report({ metric: `${kind}.datachannel.rtt.p99`, value: percentile(rtts, 99), unit: 'ms' });
    await pair.close();
  }
}

/** Sends up to `bytes` in 1 MiB messages, waiting on bufferedamountlow as an application should. */
async function channelBulk(local: LP2PDataChannel, remote: LP2PDataChannel, bytes: number, budgetMs: number) {
  let received = 0;
  let expected = Number.POSITIVE_INFINITY;
  const done = Promise.withResolvers<void>();
  remote.onmessage = (e) => {
    received += (e.data as ArrayBuffer).byteLength;
    if (received >= expected) done.resolve();
  };
  local.bufferedAmountLowThreshold = 4 * MiB;
  const started = performance.now();
  const deadline = started + budgetMs;
  let sent = 0;
  for (; sent < bytes && performance.now() < deadline; sent += message.byteLength) {
    local.send(message);
    if (local.bufferedAmount > 16 * MiB) await once(local, 'bufferedamountlow');
  }
  expected = sent;
  if (received < expected) await done.promise;
  remote.onmessage = null;
  return received / 1e6 / ((performance.now() - started) / 1000);
}

async function channelRoundTrips(local: LP2PDataChannel, remote: LP2PDataChannel): Promise<number[]> {
  remote.onmessage = (e) => remote.send(e.data as ArrayBuffer);
  const rtts: number[] = [];
  for (let i = 0; i < warmUp + roundTrips; i++) {
    const started = performance.now();
    const echoed = once(local, 'message');
    local.send(small);
    await echoed;
    if (i >= warmUp) rtts.push(performance.now() - started);
  }
  return rtts;
}

/** The same bytes in the same 1 MiB writes on a bare session stream: the ceiling for the channel. */
async function sessionBulk(kind: PairKind, bytes: number, budgetMs: number): Promise<number> {
  const [client, server] = await Promise.all([createTestCredentials('a'), createTestCredentials('b')]);
  const pair = await sessionPair(kind, client, server);
  const result = await streamBulk(
    pair.client,
    pair.server.incomingStreams.getReader(),
    message,
    bytes,
    budgetMs,
  );
  await pair.client.close();
  await pair.dispose();
  return result.bytes / 1e6 / result.seconds;
}
