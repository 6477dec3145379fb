import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { quicConfig } from './quic-config.ts';
import { dialQuic } from './quic-dial.ts';
import { listenQuic } from './quic-listen.ts';
import type { Session, SessionDatagrams, SessionListener } from './session.ts';
import { loopbackDial } from './testing/loopback-dial.ts';

/** Resolves with the next `count` datagrams `datagrams` receives, or rejects after `ms`. */
function nextDatagrams(datagrams: SessionDatagrams, count: number, ms = 2000): Promise<Uint8Array[]> {
  const received: Uint8Array[] = [];
  const { promise, resolve, reject } = Promise.withResolvers<Uint8Array[]>();
  const timer = setTimeout(() => reject(new Error(`got ${received.length} of ${count} datagrams`)), ms);
  datagrams.ondatagram = (payload) => {
    received.push(payload);
    if (received.length === count) {
      clearTimeout(timer);
      resolve(received);
    }
  };
  return promise;
}

async function quicPair(datagrams: { client: boolean; server: boolean }, maxUdpPayloadBytes?: number) {
  const credentials = await createTestCredentials('quic-datagrams');
  const listener: SessionListener = await listenQuic({
    host: '127.0.0.1',
    credentials,
    verifyPeer: () => true,
    datagrams: datagrams.server,
    ...(maxUdpPayloadBytes ? { maxUdpPayloadBytes } : {}),
  });
  const reader = listener.incomingSessions.getReader();
  const client = await dialQuic({
    ...loopbackDial(listener.port, credentials),
    datagrams: datagrams.client,
    ...(maxUdpPayloadBytes ? { maxUdpPayloadBytes } : {}),
  });
  const server = (await reader.read()).value as Session;
  return {
    client,
    server,
    async close() {
      await client.close();
      await listener.close();
    },
  };
}

describe('QUIC datagrams (RFC 9221)', () => {
  let pair: Awaited<ReturnType<typeof quicPair>>;
  before(async () => {
    pair = await quicPair({ client: true, server: true }, 1452);
  });
  after(() => pair.close());

  it('carries datagrams both ways, without opening a stream', async () => {
    const client = pair.client.datagrams as SessionDatagrams;
    const server = pair.server.datagrams as SessionDatagrams;
    const toServer = nextDatagrams(server, 3);
    for (const n of [1, 2, 3]) assert.equal(client.send(Uint8Array.of(n, n), 16), 0);
    assert.deepEqual((await toServer).map((d) => [...d]).sort(), [
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const toClient = nextDatagrams(client, 1);
    assert.equal(server.send(new TextEncoder().encode('pong'), 16), 0);
    assert.equal(new TextDecoder().decode((await toClient)[0]), 'pong');
    assert.equal(pair.client.stats().streamsOpened, 0);
    assert.equal(pair.server.stats().streamsOpened, 0);
  });

  it('sizes datagrams to the path and drops a bigger one without sending it', async () => {
    const client = pair.client.datagrams as SessionDatagrams;
    // A 1452-byte UDP payload less QUIC's short header, packet number, AEAD tag and DATAGRAM frame header.
    assert.ok(client.maxSize > 1350 && client.maxSize < 1452, `maxSize ${client.maxSize}`);
    const server = pair.server.datagrams as SessionDatagrams;
    const arriving = nextDatagrams(server, 1);
    assert.equal(client.send(new Uint8Array(client.maxSize + 1), 16), 1);
    assert.equal(client.send(new Uint8Array(client.maxSize).fill(7), 16), 0);
    const [payload] = await arriving;
    assert.equal(payload?.byteLength, client.maxSize, 'only the datagram that fits arrives');
  });

  it('keeps at most maxQueued unsent, dropping the oldest', async () => {
    const client = pair.client.datagrams as SessionDatagrams;
    const server = pair.server.datagrams as SessionDatagrams;
    // Synchronous sends all wait in quiche's queue until the flush that follows this task.
    let dropped = 0;
    for (let n = 0; n < 10; n++) dropped += client.send(Uint8Array.of(n), 3);
    assert.equal(dropped, 7);
    const kept = await nextDatagrams(server, 3);
    assert.deepEqual(kept.map((d) => d[0]).sort(), [7, 8, 9], 'the three newest are the ones sent');
  });
});

it('a session without datagrams enabled has none, and a peer that did not enable them gets none', async () => {
  const pair = await quicPair({ client: true, server: false });
  try {
    assert.equal(pair.server.datagrams, undefined);
    const client = pair.client.datagrams as SessionDatagrams;
    assert.equal(client.maxSize, 0, 'the server advertised no max_datagram_frame_size');
    assert.equal(client.send(Uint8Array.of(1), 16), 1);
  } finally {
    await pair.close();
  }
});

it('after close, send drops and nothing is delivered', async () => {
  const pair = await quicPair({ client: true, server: true });
  const client = pair.client.datagrams as SessionDatagrams;
  await pair.close();
  assert.equal(client.maxSize, 0);
  assert.equal(client.send(Uint8Array.of(1), 16), 1);
});

it('the QUIC config enables datagrams only when asked', async () => {
  const credentials = await createTestCredentials('quic-datagrams-config');
  const base = { credentials, host: '127.0.0.1' };
  assert.deepEqual(quicConfig(base, () => true).enableDgram, [false, 0, 0]);
  assert.equal(quicConfig({ ...base, datagrams: true }, () => true).enableDgram?.[0], true);
});
