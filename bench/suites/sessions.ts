/**
 * OSP session transports on 127.0.0.1: handshake time, 100-byte echo round trip, and one-stream bulk
 * throughput for QUIC, TLS + HTTP/2 over TCP, and a raw node:tls 1.3 socket pair as the ceiling. Also the cost of
 * reconnecting to an agent connected before (`*.reconnect`: TLS session resumption where the transport has it),
 * and its ratio to the raw node:tls connect of the same run (`*.reconnect.vs-tls`; issue 9 asks for ≤ 1.5).
 */
import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type {
  DialOptions,
  ListenOptions,
  LocalCredentials,
  Session,
  SessionListener,
} from '@offgrid/transport-lp2p/node';
import {
  agentFingerprint,
  dialQuic,
  dialTcp,
  listenQuic,
  listenTcp,
  TlsSessionCache,
} from '@offgrid/transport-lp2p/node';
import { createTestCredentials } from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';
import { streamBulk } from '../stream-bulk.ts';

export const name = 'sessions';

const MiB = 1024 * 1024;
const handshakes = 10;
const reconnects = 20;
const roundTrips = 1000;
const warmUp = 100;
const chunk = new Uint8Array(64 * 1024).fill(0x5a);
const message = new Uint8Array(100).fill(1);

/** A connected pair plus the three probes, so every transport is measured the same way. */
interface Harness {
  /** A first connection: nothing cached from earlier ones. */
  connect(): Promise<{ close(): Promise<void> }>;
  /** A connection to the same peer again, with whatever the transport keeps for that (TLS session tickets). */
  reconnect?(): Promise<{ close(): Promise<void> }>;
  /** Resolves with a function that sends `message` and waits for its echo. */
  echo(): Promise<() => Promise<void>>;
  /** Sends up to `bytes` within `budgetMs`; returns the bytes the receiver got and the seconds it took. */
  bulk(bytes: number, budgetMs: number): Promise<{ bytes: number; seconds: number }>;
  close(): Promise<void>;
}

export async function run(report: Report): Promise<void> {
  const client = await createTestCredentials('bench-client');
  const server = await createTestCredentials('bench-server');
  const plans = [
    { kind: 'tls', harness: await tlsHarness(client, server), bulkBytes: 256 * MiB, budgetMs: 10_000 },
    {
      kind: 'tcp',
      harness: await sessionHarness(dialTcp, listenTcp, client, server),
      bulkBytes: 256 * MiB,
      budgetMs: 10_000,
    },
    {
      kind: 'quic',
      harness: await sessionHarness(dialQuic, listenQuic, client, server),
      bulkBytes: 64 * MiB,
      budgetMs: 5_000,
    },
  ];
  let tlsHandshake = Number.NaN;
  for (const { kind, harness, bulkBytes, budgetMs } of plans) {
    const times: number[] = [];
    for (let i = 0; i < handshakes; i++) {
      const started = performance.now();
      const connection = await harness.connect();
      times.push(performance.now() - started);
      await connection.close();
    }
    const handshake = percentile(times, 50);
    report({ metric: `${kind}.handshake`, value: handshake, unit: 'ms' });
    if (kind === 'tls') tlsHandshake = handshake;
    if (harness.reconnect) {
      const again: number[] = [];
      await (await harness.reconnect()).close(); // primes the ticket cache
      for (let i = 0; i < reconnects; i++) {
        const started = performance.now();
        const connection = await harness.reconnect();
        again.push(performance.now() - started);
        await connection.close();
      }
      const reconnect = percentile(again, 50);
      report({ metric: `${kind}.reconnect`, value: reconnect, unit: 'ms' });
      report({ metric: `${kind}.reconnect.vs-tls`, value: reconnect / tlsHandshake, unit: 'ratio' });
    }

    const roundTrip = await harness.echo();
    const rtts: number[] = [];
    for (let i = 0; i < warmUp + roundTrips; i++) {
      const started = performance.now();
      await roundTrip();
      if (i >= warmUp) rtts.push(performance.now() - started);
    }
    report({ metric: `${kind}.rtt.p50`, value: percentile(rtts, 50), unit: 'ms' });
    report({ metric: `${kind}.rtt.p99`, value: percentile(rtts, 99), unit: 'ms' });

    const moved = await harness.bulk(bulkBytes, budgetMs);
    report({ metric: `${kind}.bulk`, value: moved.bytes / 1e6 / moved.seconds, unit: 'MB/s' });
    await harness.close();
  }
}

async function sessionHarness(
  dial: (o: DialOptions & { tlsSessions?: TlsSessionCache }) => Promise<Session>,
  listen: (o: ListenOptions) => Promise<SessionListener>,
  client: LocalCredentials,
  server: LocalCredentials,
): Promise<Harness> {
  const listener = await listen({ host: '127.0.0.1', credentials: server, verifyPeer: () => true });
  const accepted = listener.incomingSessions.getReader();
  const options: DialOptions = {
    host: '127.0.0.1',
    port: listener.port,
    serverName: 'bench.local',
    credentials: client,
    expectedFingerprint: agentFingerprint(server.certificateDer),
  };
  // Each first connection gets an empty ticket cache; reconnections share one, as an agent does.
  const tickets = new TlsSessionCache();
  const open = async (tlsSessions = new TlsSessionCache()) => {
    const session = await dial({ ...options, tlsSessions });
    const { value: peer } = await accepted.read();
    if (!peer) throw new Error('listener closed');
    return { session, peer };
  };
  const main = await open();
  const peerStreams = main.peer.incomingStreams.getReader();
  return {
    async connect() {
      const { session } = await open();
      return { close: () => session.close() };
    },
    async reconnect() {
      const { session } = await open(tickets);
      return { close: () => session.close() };
    },
    async echo() {
      const stream = await main.session.openStream();
      const writer = stream.writable.getWriter();
      const reader = stream.readable.getReader();
      void peerStreams.read().then(({ value }) => value?.readable.pipeTo(value.writable).catch(() => {}));
      return async () => {
        await writer.write(message);
        for (let got = 0; got < message.byteLength; ) {
          const { value, done } = await reader.read();
          if (done) throw new Error('echo stream ended');
          got += value.byteLength;
        }
      };
    },
    bulk(bytes, budgetMs) {
      return streamBulk(main.session, peerStreams, chunk, bytes, budgetMs);
    },
    close: () => listener.close(),
  };
}

/** node:tls 1.3 with the same certificates and ALPN: what the TCP session could reach at best. */
async function tlsHarness(client: LocalCredentials, server: LocalCredentials): Promise<Harness> {
  const common = { minVersion: 'TLSv1.3', ALPNProtocols: ['osp'], rejectUnauthorized: false } as const;
  const sockets = new Set<TLSSocket>();
  let onSocket: ((socket: TLSSocket) => void) | undefined;
  const listener = createServer({
    ...common,
    cert: server.certificatePem,
    key: server.privateKeyPem,
    requestCert: true,
  });
  listener.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket?.(socket);
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const address = listener.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const open = async () => {
    const accepted = new Promise<TLSSocket>((resolve) => (onSocket = resolve));
    const socket = connect({
      ...common,
      host: '127.0.0.1',
      port,
      servername: 'bench.local',
      cert: client.certificatePem,
      key: client.privateKeyPem,
    });
    sockets.add(socket);
    await once(socket, 'secureConnect');
    return { socket, peer: await accepted };
  };
  return {
    async connect() {
      const { socket } = await open();
      return { close: async () => void socket.destroy() };
    },
    async echo() {
      const { socket, peer } = await open();
      peer.pipe(peer);
      return async () => {
        socket.write(message);
        for (let got = 0; got < message.byteLength; )
          got += ((await once(socket, 'data')) as [Buffer])[0].byteLength;
      };
    },
    async bulk(bytes, budgetMs) {
      const { socket, peer } = await open();
      let count = 0;
      peer.on('data', (part: Buffer) => {
        count += part.byteLength;
      });
      const ended = once(peer, 'end');
      const started = performance.now();
      const deadline = started + budgetMs;
      for (let sent = 0; sent < bytes && performance.now() < deadline; sent += chunk.byteLength) {
        if (!socket.write(chunk)) await once(socket, 'drain');
      }
      socket.end();
      await ended;
      return { bytes: count, seconds: (performance.now() - started) / 1000 };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => listener.close(resolve));
    },
  };
}
