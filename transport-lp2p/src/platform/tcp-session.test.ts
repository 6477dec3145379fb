import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { after, before, it } from 'node:test';
import { connect } from 'node:tls';
import { SessionError } from '../errors/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import type { LocalCredentials, SessionListener } from './session.ts';
import { dialTcp } from './tcp-dial.ts';
import { listenTcp } from './tcp-listen.ts';
import { loopbackDial } from './testing/loopback-dial.ts';
import { describeNetworkSession } from './testing/network-session-conformance.ts';

describeNetworkSession('tcp', { dial: dialTcp, listen: listenTcp });

let credentials: LocalCredentials;
let listener: SessionListener;
before(async () => {
  credentials = await createTestCredentials('tcp-extra');
  listener = await listenTcp({ host: '127.0.0.1', credentials, verifyPeer: () => true });
});
after(() => listener.close());

const dialSelf = (port: number, options: { timeoutMs?: number; keepAliveMs?: number } = {}) =>
  dialTcp({ ...loopbackDial(port, credentials), ...options });

it('measures round-trip time with keep-alive pings', async () => {
  const session = await dialSelf(listener.port, { keepAliveMs: 10 });
  await new Promise((resolve) => setTimeout(resolve, 60));
  const rtt = session.stats().rttMs;
  assert.ok(rtt !== undefined && rtt >= 0 && rtt < 1000, `rtt ${rtt}`);
  await session.close();
});

it('times out against a peer that never answers the handshake', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const address = silent.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await assert.rejects(
    dialSelf(port, { timeoutMs: 100 }),
    (e: unknown) => e instanceof SessionError && e.code === 'timeout',
  );
  for (const socket of sockets) socket.destroy();
  silent.close();
});

it('drops a client that does not speak ALPN "osp" without yielding a session', async () => {
  const fresh = await listenTcp({ host: '127.0.0.1', credentials, verifyPeer: () => true });
  const reader = fresh.incomingSessions.getReader();
  const arrival = reader.read();
  const socket = connect({
    host: '127.0.0.1',
    port: fresh.port,
    ALPNProtocols: ['h2'],
    rejectUnauthorized: false,
    cert: credentials.certificatePem,
    key: credentials.privateKeyPem,
  });
  const failure = new Promise((resolve) => socket.once('error', resolve));
  assert.match(String(await failure), /no application protocol/, 'the listener answers with the TLS alert');
  const first = await Promise.race([arrival, new Promise((r) => setTimeout(() => r('none'), 100))]);
  assert.equal(first, 'none');
  reader.releaseLock();
  await fresh.close();
});
