/**
 * Listeners drop connections that do not finish their handshake: a plain TCP socket that never starts TLS, and a
 * QUIC handshake whose client goes silent (docs/security.md). Real sockets on loopback.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect as connectNet } from 'node:net';
import { describe, it } from 'node:test';
import { agentFingerprint } from '../identity/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { PendingHandshakes } from './handshake-limits.ts';
import { dialQuic } from './quic-dial.ts';
import { listenQuic } from './quic-listen.ts';
import { listenTcp } from './tcp-listen.ts';

/** UDP relay to `target` that drops the server's packets after the first (its Retry) until `openAt`. */
async function stallingRelay(target: number, openAt: number) {
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  let client: { address: string; port: number } | undefined;
  let fromServer = 0;
  front.on('message', (message, from) => {
    client = from;
    back.send(message, target, '127.0.0.1');
  });
  back.on('message', (message) => {
    if (++fromServer > 1 && performance.now() < openAt) return;
    if (client) front.send(message, client.port, client.address);
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => back.bind(0, '127.0.0.1', resolve));
  return {
    port: front.address().port,
    close() {
      front.close();
      back.close();
    },
  };
}

describe('handshake deadlines', () => {
  it('closes a plain TCP socket that never starts TLS', async () => {
    const listener = await listenTcp({
      host: '127.0.0.1',
      credentials: await createTestCredentials('server'),
      verifyPeer: () => true,
      handshakeTimeoutMs: 300,
    });
    try {
      const socket = connectNet(listener.port, '127.0.0.1');
      socket.on('error', () => {});
      const started = performance.now();
      await new Promise((resolve) => socket.once('close', resolve));
      const ms = performance.now() - started;
      assert.ok(ms >= 250 && ms < 3000, `closed after ${ms} ms`);
    } finally {
      await listener.close();
    }
  });

  it('drops a QUIC handshake the client stops answering, which would otherwise complete', async () => {
    const outcomes: string[] = [];
    // The client's packets reach the agent; the agent's replies are lost for 1.5 s, then get through again.
    for (const handshakeTimeoutMs of [300, 10_000]) {
      const server = await createTestCredentials('server');
      const listener = await listenQuic({
        host: '127.0.0.1',
        credentials: server,
        verifyPeer: () => true,
        handshakeTimeoutMs,
      });
      const relay = await stallingRelay(listener.port, performance.now() + 1500);
      const outcome = await dialQuic({
        host: '127.0.0.1',
        port: relay.port,
        serverName: 'server',
        credentials: await createTestCredentials('client'),
        expectedFingerprint: agentFingerprint(server.certificateDer),
        timeoutMs: 4500,
      }).then(
        async (session) => {
          await session.close();
          return 'connected';
        },
        (error: { code?: string }) => `failed: ${error.code}`,
      );
      outcomes.push(outcome);
      relay.close();
      await listener.close();
    }
    assert.deepEqual(outcomes, ['failed: timeout', 'connected']);
  });

  it('caps handshakes in progress in total and per address', () => {
    const pending = new PendingHandshakes({ maxPendingHandshakes: 3, maxPendingHandshakesPerAddress: 2 });
    const a1 = pending.tryStart('a');
    assert.ok(a1 && pending.tryStart('a'));
    assert.equal(pending.tryStart('a'), undefined);
    assert.ok(pending.tryStart('b'));
    assert.equal(pending.tryStart('c'), undefined, 'total cap');
    a1();
    a1();
    assert.equal(pending.size, 2, 'release is idempotent');
    assert.ok(pending.tryStart('c'));
  });
});
