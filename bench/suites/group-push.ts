/**
 * Group push over TLS/TCP sessions on 127.0.0.1, each receiver a process of its own (`push-peer.ts`), the
 * sender this process; every pair of nodes has one `offgrid-push` channel (a full mesh), chunks kept in memory.
 * - `group.push.ratio`: time to push 64 MiB to 4 peers / to 1 peer (goal ≤ 1.3: the receivers pass the
 *   chunks on, so the sender uploads about one copy).
 * - `group.push.bulk`: MB/s of a 64 MiB push to one peer, from `push()` to its result (hashing the content into
 *   a manifest included), and `.share`: that against `group.push.bulk.channel`, the same bytes sent as 1 MiB
 *   messages on a bare data channel between the same two processes, in the same run (goal ≥ 50 %).
 *   `group.push.manifest`: of that time, the ms spent hashing the content into the manifest before the first
 *   offer can go out (the transfer id is the manifest's hash). `group.push.bulk.cpu.ratio`: CPU time (sender
 *   and receiver, user and system) of that push / of the bare channel's run: on a machine whose cores are
 *   busy with other work, the share cannot be better than its inverse.
 * Turns alternate and each figure is the median of per-turn values (a shared VM's speed drifts over seconds).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GroupPush } from '@offgrid/sync';
import { nodeWholeHash } from '@offgrid/sync/node';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p/node';
import { percentile, type Report } from '../bench-suite.ts';
import { startPushNode } from '../push-node.ts';

export const name = 'group-push';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const PEERS = 4;
const TURNS = 5;

interface Peer {
  readonly fingerprint: string;
  readonly port: number;
  send(command: object): void;
  next(event: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function run(report: Report): Promise<void> {
  const sender = await startPushNode('bench-sender', () => {});
  const peers = await Promise.all(Array.from({ length: PEERS }, () => startPeer()));
  const push = new GroupPush({ id: sender.fingerprint, wholeHash: nodeWholeHash });
  try {
    // Full mesh: the sender dials every peer; peer i dials peers j > i.
    for (const peer of peers) peer.send({ expect: [sender.fingerprint, ...peers.map((p) => p.fingerprint)] });
    for (const peer of peers) push.addPeer(peer.fingerprint, await sender.dial(peer.fingerprint, peer.port));
    for (const [i, peer] of peers.entries()) {
      const dialled = peer.next('dialled');
      peer.send({ dial: peers.slice(i + 1).map((p) => ({ fingerprint: p.fingerprint, port: p.port })) });
      await dialled;
    }
    const first = peers[0] as Peer;
    const sink = await sender.dial(first.fingerprint, first.port, 'bench');
    const file = new Uint8Array(SIZE);
    crypto.getRandomValues(file.subarray(0, 65536));
    for (let i = 65536; i < SIZE; i += 65536) file.copyWithin(i, 0, 65536);

    let run = 0;
    const manifests: number[] = [];
    const timePush = async (to: Peer[]): Promise<number> => {
      const name = `run-${run++}`; // a new transfer id each time: nothing is held already
      const received = to.map((peer) => peer.next('received'));
      const started = performance.now();
      let offered: number | undefined;
      const result = await push.push(file, {
        to: to.map((p) => p.fingerprint),
        name,
        onProgress: () => {
          offered ??= performance.now();
        },
      });
      const ms = performance.now() - started;
      if (to.length === 1) manifests.push((offered ?? started) - started);
      if (!result.peers.every((p) => p.status === 'confirmed'))
        throw new Error(`push failed: ${JSON.stringify(result.peers.map((p) => p.status))}`);
      for (const got of await Promise.all(received))
        if (got.sha256 !== result.sha256) throw new Error('a peer received other content');
      return ms;
    };

    const ratios: number[] = [];
    const bulk: number[] = [];
    const channel: number[] = [];
    const shares: number[] = [];
    // A first turn warms up (JIT, TCP windows) and is not counted.
    const cpuRatios: number[] = [];
    const cpu = async (): Promise<number> => {
      const reply = first.next('cpu');
      first.send({ cpu: true });
      const { user, system } = process.cpuUsage();
      return ((await reply).ms as number) + (user + system) / 1000;
    };
    for (let turn = -1; turn < TURNS; turn++) {
      const cpu0 = await cpu();
      const one = await timePush([first]);
      const cpu1 = await cpu();
      const channelRate = await channelBulk(sink, SIZE);
      const cpu2 = await cpu();
      cpuRatios.push((cpu1 - cpu0) / (cpu2 - cpu1));
      const all = await timePush(peers);
      if (turn < 0) continue;
      const oneRate = SIZE / 1e6 / (one / 1000);
      ratios.push(all / one);
      bulk.push(oneRate);
      channel.push(channelRate);
      shares.push((100 * oneRate) / channelRate);
    }
    report({ metric: 'group.push.ratio', value: percentile(ratios, 50), unit: 'x' });
    report({ metric: 'group.push.bulk', value: percentile(bulk, 50), unit: 'MB/s' });
    report({ metric: 'group.push.bulk.channel', value: percentile(channel, 50), unit: 'MB/s' });
    report({ metric: 'group.push.bulk.share', value: percentile(shares, 50), unit: '%' });
    report({ metric: 'group.push.manifest', value: percentile(manifests.slice(1), 50), unit: 'ms' });
    report({ metric: 'group.push.bulk.cpu.ratio', value: percentile(cpuRatios.slice(1), 50), unit: 'x' });
  } finally {
    push.close();
    for (const peer of peers) await peer.stop();
    await sender.close();
  }
}

/** `bytes` in 1 MiB messages on a bare channel, until the peer says it has them all: MB/s. */
async function channelBulk(channel: LP2PDataChannel, bytes: number): Promise<number> {
  const message = new Uint8Array(MiB).fill(0x5a);
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = 4 * MiB;
  const answered = once(channel, 'message');
  const started = performance.now();
  for (let sent = 0; sent < bytes; sent += MiB) {
    channel.send(message);
    if (channel.bufferedAmount > 16 * MiB) await once(channel, 'bufferedamountlow');
  }
  const count = new Uint8Array(8);
  new DataView(count.buffer).setBigUint64(0, BigInt(bytes));
  channel.send(count);
  await answered;
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

async function startPeer(): Promise<Peer> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'push-peer.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ event: string; resolve: (value: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const value = JSON.parse(line) as Record<string, unknown>;
    const waiter = waiters.findIndex((w) => w.event === value.event);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]?.resolve(value);
    else events.push(value);
  });
  const next = (event: string): Promise<Record<string, unknown>> => {
    const past = events.findIndex((e) => e.event === event);
    if (past >= 0) return Promise.resolve(events.splice(past, 1)[0] as Record<string, unknown>);
    return new Promise((resolve) => waiters.push({ event, resolve }));
  };
  const exited = once(child, 'exit');
  const ready = await Promise.race([
    next('ready'),
    exited.then(() => {
      throw new Error('a push peer exited before it was ready');
    }),
  ]);
  return {
    fingerprint: ready.fingerprint as string,
    port: ready.port as number,
    send: (command) => child.stdin.write(`${JSON.stringify(command)}\n`),
    next,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill(), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
