/**
 * A stranger's side of the front-door load test: holds up to `--connections` unauthenticated sessions against one
 * agent, half TLS/TCP + HTTP/2 and half QUIC, from `--addresses` loopback source addresses (127.0.1.1 …); with
 * `--redial`, dialling again whenever the agent drops one. Bounded: at most `--max-dials` dials, and it stops by itself after
 * `--seconds`. Written on node:tls, node:http2 and @matrixai/quic directly, as an attacker would.
 *   stdout: {"event":"progress",open,dialled,dropped,failed} every second, then {"event":"done",…}
 */
import { connect as connectHttp2 } from 'node:http2';
import { connect as connectNet } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { parseArgs } from 'node:util';
import { QUICClient, type QUICSocket } from '@matrixai/quic';
import { createTestCredentials } from '../../testing/test-credentials.ts';
import { clientCrypto, quicConfig } from '../quic-config.ts';
import { startQuicSocket } from '../quic-socket.ts';
import { quietLogger } from '../quiet-logger.ts';

const { values } = parseArgs({
  options: {
    'quic-port': { type: 'string' },
    'tcp-port': { type: 'string' },
    connections: { type: 'string', default: '1000' },
    addresses: { type: 'string', default: '125' },
    seconds: { type: 'string', default: '20' },
    'max-dials': { type: 'string', default: '5000' },
    /** Dial again when the agent drops a session (churn), rather than hold what is left. */
    redial: { type: 'boolean', default: false },
  },
});
const quicPort = Number(values['quic-port']);
const tcpPort = Number(values['tcp-port']);
const target = Number(values.connections);
const addressCount = Number(values.addresses);
const deadline = performance.now() + Number(values.seconds) * 1000;
const maxDials = Number(values['max-dials']);
const emit = (event: string, data: object = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);

const credentials = await Promise.all(
  Array.from({ length: 8 }, (_, i) => createTestCredentials(`stranger${i}`)),
);
const addresses = Array.from(
  { length: addressCount },
  (_, i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
);
const quicSockets = new Map<string, QUICSocket>();
const closers = new Set<() => void>();
const stats = { open: 0, dialled: 0, dropped: 0, failed: 0 };
const live = () => performance.now() < deadline;

/** One connection slot: dials, waits until the agent drops it, dials again, while time and dials last. */
async function hold(slot: number): Promise<void> {
  const address = addresses[slot % addresses.length] as string;
  const useQuic = slot % 2 === 1;
  while (live() && stats.dialled < maxDials) {
    stats.dialled++;
    const cert = credentials[slot % credentials.length];
    if (!cert) return;
    const held = await (useQuic ? dialQuic(address, cert) : dialTcp(address, cert)).catch(() => undefined);
    if (!held) {
      stats.failed++;
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    stats.open++;
    await held.closed;
    stats.open--;
    stats.dropped++;
    if (!values.redial) return;
  }
}

/** A session the agent accepted; `closed` settles when it ends (a promise in an object, so `await` keeps it). */
interface Held {
  readonly closed: Promise<void>;
}

async function dialTcp(address: string, cert: (typeof credentials)[number]): Promise<Held> {
  const raw = connectNet({ host: '127.0.0.1', port: tcpPort, localAddress: address });
  raw.on('error', () => {});
  const socket = connectTls({
    socket: raw,
    cert: cert.certificatePem,
    key: cert.privateKeyPem,
    minVersion: 'TLSv1.3',
    ALPNProtocols: ['osp'],
    rejectUnauthorized: false,
    servername: 'agent.local',
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('close', () => reject(new Error('closed')));
  });
  const h2 = connectHttp2('https://agent.local', { createConnection: () => socket });
  h2.on('error', () => {});
  const close = () => h2.destroy();
  closers.add(close);
  return {
    closed: new Promise<void>((resolve) =>
      h2.once('close', () => {
        closers.delete(close);
        resolve();
      }),
    ),
  };
}

async function dialQuic(address: string, cert: (typeof credentials)[number]): Promise<Held> {
  let socket = quicSockets.get(address);
  if (!socket) {
    socket = await startQuicSocket(address, 0);
    quicSockets.set(address, socket);
  }
  const config = quicConfig({ credentials: cert, host: '127.0.0.1' }, () => true);
  const client = await QUICClient.createQUICClient(
    { host: '127.0.0.1', port: quicPort, socket, crypto: clientCrypto, config, logger: quietLogger },
    { timer: 5000 },
  );
  const close = () => void client.destroy({ force: true }).catch(() => {});
  closers.add(close);
  const forget = () => {
    closers.delete(close);
  };
  return { closed: client.connection.closedP.then(forget, forget) };
}

const progress = setInterval(() => emit('progress', stats), 1000);
const slots = Array.from({ length: target }, (_, slot) => hold(slot));
// Stop by itself: at the deadline every held connection is closed, which ends every slot.
const stopper = setTimeout(() => {
  for (const close of closers) close();
}, deadline - performance.now());
await Promise.all(slots);
clearTimeout(stopper);
clearInterval(progress);
await Promise.allSettled([...quicSockets.values()].map((s) => s.stop({ force: true })));
emit('done', stats);
process.exit(0);
