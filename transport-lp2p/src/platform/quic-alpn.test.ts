/**
 * ALPN selection: OSP sessions use "osp" (osp-network §TLS 1.3), LP2P WebTransport sessions "q2q"
 * (lp2p-draft-index §open a WebTransport session). A listener speaks exactly one and refuses the other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SessionError } from '../errors/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { dialQuic } from './quic-dial.ts';
import { listenQuic } from './quic-listen.ts';
import type { LocalCredentials, SessionListener } from './session.ts';
import { loopbackDial } from './testing/loopback-dial.ts';
import { sessionsWithin } from './testing/network-session-conformance.ts';
import { readAll, serveEcho } from './testing/session-conformance.ts';

let credentials: LocalCredentials;
const listeners: SessionListener[] = [];
before(async () => {
  credentials = await createTestCredentials('quic-alpn');
});
after(() => Promise.all(listeners.map((l) => l.close())));

async function listen(alpn: string | undefined): Promise<SessionListener> {
  const listener = await listenQuic({
    host: '127.0.0.1',
    credentials,
    verifyPeer: () => true,
    ...(alpn === undefined ? {} : { alpn }),
  });
  listeners.push(listener);
  return listener;
}

const dial = (port: number, alpn: string | undefined) =>
  dialQuic({
    ...loopbackDial(port, credentials),
    timeoutMs: 2000,
    ...(alpn === undefined ? {} : { alpn }),
  });

const label = (alpn: string | undefined) => (alpn === undefined ? 'default ("osp")' : `"${alpn}"`);

it('connects and carries a stream when both sides speak "q2q"', async () => {
  const listener = await listen('q2q');
  const reader = listener.incomingSessions.getReader();
  const session = await dial(listener.port, 'q2q');
  const { value: accepted } = await reader.read();
  reader.releaseLock();
  assert.ok(accepted);
  serveEcho(accepted);
  const stream = await session.openStream();
  const reply = readAll(stream.readable);
  const writer = stream.writable.getWriter();
  await writer.write(new TextEncoder().encode('q2q'));
  await writer.close();
  assert.equal(new TextDecoder().decode(await reply), 'q2q');
  await session.close();
});

// Concurrent: a refused client only learns of it after quiche's ~3 s draining period (RFC 9000 §10.2).
describe('mismatched ALPN', { concurrency: true }, () => {
  for (const [server, client] of [
    ['q2q', undefined],
    [undefined, 'q2q'],
    ['q2q', 'osp'],
  ] as const) {
    it(`a ${label(server)} listener refuses a ${label(client)} client`, async () => {
      const listener = await listen(server);
      const arrivals = sessionsWithin(listener, 300);
      await assert.rejects(
        dial(listener.port, client),
        (e: unknown) =>
          e instanceof SessionError &&
          e.code === 'handshake-failed' &&
          // TLS alert no_application_protocol (120) as a QUIC CRYPTO_ERROR, RFC 9001 §8.1
          /transport code 376\b/.test(String(e.cause)),
      );
      assert.deepEqual(await arrivals, []);
    });
  }
});
