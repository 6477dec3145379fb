/**
 * One side of ../quic-lan.test.ts, run as a child inside a network namespace; prints JSON lines.
 *   serve <host> <loss %>                         → {"type":"listening","port","fingerprint"}, echoes streams
 *                                                   and RFC 9221 datagrams
 *   burst <host> <port> <fingerprint> <json opts> → {"type":"round","round","ms"} per burst, then
 *                                                   {"type":"done"}; {"type":"stalled","round"} on a deadline
 *   datagrams <host> <port> <fingerprint> <json>  → {"type":"datagrams","maxSize","sent","echoed"} after
 *                                                   sending `count` datagrams of the largest size and waiting
 *                                                   until no echo has come for a second
 * Datagram sizes are the transport's own choice for a non-loopback address (1452 bytes). Loss is simulated
 * here, by dropping outgoing datagrams at random, because the kernel may lack the netem qdisc.
 */
import { Socket } from 'node:dgram';
import { agentFingerprint } from '../../identity/index.ts';
import { createTestCredentials } from '../../testing/test-credentials.ts';
import { dialQuic } from '../quic-dial.ts';
import { listenQuic } from '../quic-listen.ts';
import type { DialOptions } from '../session.ts';
import { readAll, serveEcho } from './session-conformance.ts';

interface DatagramOptions {
  readonly lossPercent: number;
  readonly count: number;
}

interface BurstOptions {
  readonly lossPercent: number;
  readonly rounds: number;
  readonly count: number;
  readonly bytes: number;
  readonly deadlineMs: number;
}

const [mode, host = '', port = '0', fingerprint = '', json = '{}'] = process.argv.slice(2);
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const credentials = await createTestCredentials(`quic-lan-${mode}`);

/** Drops `percent` of this process's outgoing UDP datagrams; @matrixai/quic binds `send` when it starts. */
function dropOutgoing(percent: number): void {
  if (!(percent > 0)) return;
  const send = Socket.prototype.send as (this: Socket, ...args: unknown[]) => void;
  Socket.prototype.send = function (this: Socket, ...args: unknown[]) {
    if (Math.random() * 100 >= percent) return send.apply(this, args);
    const callback = args.at(-1);
    if (typeof callback === 'function') queueMicrotask(() => callback(null, 0));
  } as typeof Socket.prototype.send;
}

/** Dials the server named on the command line, pinned to its fingerprint. */
function dialOptions(): DialOptions {
  return {
    host,
    port: Number(port),
    serverName: 'agent.local',
    credentials,
    expectedFingerprint: fingerprint,
  };
}

if (mode === 'serve') {
  dropOutgoing(Number(port));
  const listener = await listenQuic({ host, credentials, verifyPeer: () => true, datagrams: true });
  print({
    type: 'listening',
    port: listener.port,
    fingerprint: agentFingerprint(credentials.certificateDer),
  });
  for await (const session of listener.incomingSessions) {
    serveEcho(session);
    const datagrams = session.datagrams;
    if (datagrams) datagrams.ondatagram = (payload) => datagrams.send(payload, 1024);
  }
} else if (mode === 'datagrams') {
  const options = JSON.parse(json) as DatagramOptions;
  dropOutgoing(options.lossPercent);
  const session = await dialQuic({ ...dialOptions(), datagrams: true });
  const datagrams = session.datagrams;
  if (!datagrams) throw new Error('the session has no datagrams');
  let echoed = 0;
  let lastEcho = performance.now();
  datagrams.ondatagram = () => {
    echoed++;
    lastEcho = performance.now();
  };
  const maxSize = datagrams.maxSize;
  let sent = 0;
  // Ten per event-loop turn, a millisecond apart: a steady stream, not a burst that overflows socket buffers.
  while (sent < options.count) {
    for (let i = 0; i < 10 && sent < options.count; i++, sent++) {
      if (datagrams.send(new Uint8Array(maxSize).fill(sent), 1024) > 0) throw new Error('datagram dropped');
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  while (echoed < sent && performance.now() - lastEcho < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  print({ type: 'datagrams', maxSize, sent, echoed });
  await session.close();
  process.exit(0);
} else if (mode === 'burst') {
  const options = JSON.parse(json) as BurstOptions;
  dropOutgoing(options.lossPercent);
  const session = await dialQuic(dialOptions());
  for (let round = 0; round < options.rounds; round++) {
    const started = performance.now();
    const echoes = Array.from({ length: options.count }, async (_, i) => {
      const stream = await session.openStream();
      const reply = readAll(stream.readable);
      const writer = stream.writable.getWriter();
      await writer.write(new Uint8Array(options.bytes).fill(i));
      await writer.close();
      const got = await reply;
      if (got.byteLength !== options.bytes || got[0] !== (i & 0xff)) throw new Error(`stream ${i} garbled`);
    });
    const deadline = new Promise<false>((resolve) => setTimeout(resolve, options.deadlineMs, false).unref());
    if (!(await Promise.race([Promise.all(echoes).then(() => true), deadline]))) {
      print({ type: 'stalled', round });
      process.exit(1);
    }
    print({ type: 'round', round, ms: performance.now() - started });
  }
  print({ type: 'done', rttMs: session.stats().rttMs });
  await session.close();
  process.exit(0);
}
