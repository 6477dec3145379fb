import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { QuicTransportError, SessionError } from '../../errors/index.ts';
import { dialQuic } from '../../platform/node.ts';
import { readAll } from '../../platform/testing/session-conformance.ts';
import { createTestCredentials } from '../../testing/test-credentials.ts';
import { MAX_DATAGRAM_SIZE } from './datagram-duplex.ts';
import { LP2PQuicTransport } from './lp2p-quic-transport.ts';
import { LP2PQuicTransportListener } from './lp2p-quic-transport-listener.ts';
import { createQ2qPeers } from './testing/q2q-test-peers.ts';

const text = (s: string) => new TextEncoder().encode(s);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function first<T>(stream: ReadableStream<T>): Promise<T> {
  const reader = stream.getReader();
  const { value, done } = await reader.read();
  reader.releaseLock();
  assert.equal(done, false, 'expected one more item');
  return value as T;
}

/** Writes `payload` on a new bidirectional stream, closes it, and reads the whole answer. */
async function roundTrip(transport: LP2PQuicTransport, payload: Uint8Array): Promise<Uint8Array> {
  const { readable, writable } = await transport.createBidirectionalStream();
  const answer = readAll(readable);
  const writer = writable.getWriter();
  await writer.write(payload);
  await writer.close();
  return answer;
}

/** Echoes every bidirectional stream the peer opens. */
function serveEcho(transport: LP2PQuicTransport): void {
  void (async () => {
    for await (const { readable, writable } of transport.incomingBidirectionalStreams) {
      readable.pipeTo(writable).catch(() => {});
    }
  })();
}

describe('LP2PQuicTransport over q2q QUIC on loopback', () => {
  let peers: Awaited<ReturnType<typeof createQ2qPeers>>;
  let listener: LP2PQuicTransportListener;
  let client: LP2PQuicTransport;
  let server: LP2PQuicTransport;

  before(async () => {
    peers = await createQ2qPeers();
    const receiver = peers.receiver();
    // lp2p-draft-index §LP2PQuicTransport Examples, "Receiving a LP2PQuicTransport", from a test source.
    listener = new LP2PQuicTransportListener(receiver);
    await listener.ready;
    const port = () => receiver.listener?.port ?? 0;
    // §Examples, "Setting up a request for a LP2PQuicTransport", from a test source.
    const request = peers.request(port);
    const transport = new LP2PQuicTransport(request);
    // Blocks until transport is ready.
    await transport.ready;
    client = transport;
    for await (const transport of listener.incomingTransports) {
      // Blocks until transport is ready.
      await transport.ready;
      server = transport;
      break;
    }
  });

  after(async () => {
    client?.close();
    await listener?.close();
    await peers.dispose();
  });

  it('the listener yields the transport the request opened', () => {
    assert.ok(server instanceof LP2PQuicTransport);
  });

  it('echoes bidirectional streams opened by either side', async () => {
    serveEcho(server);
    serveEcho(client);
    assert.equal(decode(await roundTrip(client, text('from the requester'))), 'from the requester');
    assert.equal(decode(await roundTrip(server, text('from the receiver'))), 'from the receiver');
    const big = new Uint8Array(1 << 20).map((_, i) => i * 7);
    assert.deepEqual(await roundTrip(client, big), big);
  });

  it('carries unidirectional streams in both directions', async () => {
    for (const [from, to] of [
      [client, server],
      [server, client],
    ] as const) {
      const writer = (await from.createUnidirectionalStream()).getWriter();
      await writer.write(text('one way'));
      await writer.close();
      assert.equal(decode(await readAll(await first(to.incomingUnidirectionalStreams))), 'one way');
    }
  });

  it('delivers datagrams in both directions as QUIC DATAGRAM frames, on no stream', async () => {
    assert.equal(client.reliability, 'supports-unreliable');
    assert.equal(server.reliability, 'supports-unreliable');
    // Loopback sessions use big UDP payloads, so datagrams may be bigger than QUIC's 1200-byte minimum.
    assert.ok(client.datagrams.maxDatagramSize > MAX_DATAGRAM_SIZE, `${client.datagrams.maxDatagramSize}`);
    const streamsBefore = (await client.getStats()).numOutgoingStreamsCreated;
    for (const [from, to] of [
      [client, server],
      [server, client],
    ] as const) {
      const writer = from.datagrams.writable.getWriter();
      await writer.write(text('dgram'));
      writer.releaseLock();
      assert.equal(decode(await first(to.datagrams.readable)), 'dgram');
    }
    assert.equal((await client.getStats()).numOutgoingStreamsCreated, streamsBefore);
    assert.equal((await server.getStats()).numIncomingStreamsCreated, streamsBefore);
  });

  it('drops the oldest datagrams instead of blocking when the reader falls behind', async () => {
    const count = 500;
    server.datagrams.incomingHighWaterMark = 16;
    const writer = client.datagrams.writable.getWriter();
    const started = performance.now();
    for (let i = 0; i < count; i++) await writer.write(Uint8Array.of(i >> 8, i & 0xff));
    const writeMs = performance.now() - started;
    writer.releaseLock();
    assert.ok(writeMs < 1000, `500 datagram writes took ${writeMs.toFixed(1)} ms`);
    // Every datagram is either dropped at the sender, dropped at the receiver, or waiting to be read: on
    // loopback none is lost in the network.
    const accounted = async () =>
      (await client.getStats()).datagrams.droppedOutgoing +
      (await server.getStats()).datagrams.droppedIncoming +
      16;
    const deadline = performance.now() + 5000;
    while ((await accounted()) < count && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await accounted(), count);
    const reader = server.datagrams.readable.getReader();
    const kept: number[] = [];
    for (let i = 0; i < 16; i++) {
      const { value } = await reader.read();
      assert.ok(value);
      kept.push(((value[0] as number) << 8) | (value[1] as number));
    }
    reader.releaseLock();
    assert.equal(kept.at(-1), count - 1, 'the newest datagram is never the one dropped');
    assert.deepEqual(
      kept,
      [...kept].sort((a, b) => a - b),
      'kept datagrams stay in order (loopback does not reorder)',
    );
    server.datagrams.incomingHighWaterMark = 128;
  });

  it('refuses a client certificate the owner has not granted; the granted peer still gets through', async () => {
    const mallory = await createTestCredentials('mallory');
    const listenerSessions = await peers.listen();
    // With TLS 1.3 the client may finish its handshake before the server checks its certificate, so the
    // refusal shows either as a failed ready or as the session being cut off at once.
    const intruder = new LP2PQuicTransport(peers.request(() => listenerSessions.port, mallory));
    await assert.rejects(
      intruder.closed,
      (e: unknown) =>
        e instanceof QuicTransportError && (e.code === 'connection-failed' || e.code === 'session-lost'),
    );
    const session = await peers.dial(listenerSessions.port, peers.alice, peers.fingerprint(peers.bob));
    const accepted = await first(listenerSessions.incomingSessions);
    assert.deepEqual(
      accepted.remoteCertificate,
      peers.alice.certificateDer,
      'the intruder never got a session',
    );
    await session.close();
  });

  it('the requester pins the receiver: another certificate fails ready with the fingerprint mismatch', async () => {
    const imposter = await peers.listen();
    const transport = new LP2PQuicTransport(
      peers.request(() => imposter.port, peers.alice, peers.fingerprint(peers.alice)),
    );
    await assert.rejects(transport.ready, (e: unknown) => {
      assert.ok(e instanceof QuicTransportError && e.code === 'connection-failed');
      assert.ok(e.cause instanceof SessionError && e.cause.code === 'fingerprint-mismatch');
      return true;
    });
  });

  it('close() before ready abandons the dial at once instead of waiting out the handshake timeout', async () => {
    const silent = createSocket('udp4').bind(0, '127.0.0.1');
    await once(silent, 'listening');
    const transport = new LP2PQuicTransport(peers.request(() => silent.address().port));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    transport.close();
    await assert.rejects(
      transport.ready,
      (e: unknown) => e instanceof QuicTransportError && e.code === 'aborted',
    );
    assert.ok(performance.now() - started < 500);
    silent.close();
  });

  it('a q2q listener refuses an "osp" client', async () => {
    const q2q = await peers.listen();
    await assert.rejects(
      dialQuic({
        host: '127.0.0.1',
        port: q2q.port,
        serverName: 'bob.local',
        credentials: peers.alice,
        expectedFingerprint: peers.fingerprint(peers.bob),
        timeoutMs: 500,
      }),
      (e: unknown) => e instanceof SessionError,
    );
  });

  it('both ends of an existing connection get a transport (§LP2PConnection Examples)', async () => {
    const [requesterConn, receiverConn] = await peers.connection();
    const requester = new LP2PQuicTransport(requesterConn);
    const receiver = new LP2PQuicTransport(receiverConn);
    await Promise.all([requester.ready, receiver.ready]);
    serveEcho(receiver);
    assert.equal(decode(await roundTrip(requester, text('over the connection'))), 'over the connection');
    requester.close({ closeCode: 7, reason: 'bye' });
    assert.deepEqual(await receiver.closed, { closeCode: 7, reason: 'bye' });
  });

  it('a listener given a q2q SessionListener owns it: close() ends the sessions it accepted', async () => {
    const sessions = peers.listen();
    const owner = new LP2PQuicTransportListener(sessions);
    await owner.ready;
    const port = (await sessions).port;
    const requester = new LP2PQuicTransport(peers.request(() => port));
    const reader = owner.incomingTransports.getReader();
    const { value: accepted } = await reader.read();
    assert.ok(accepted);
    await Promise.all([requester.ready, accepted.ready]);
    reader.releaseLock();
    await owner.close();
    assert.deepEqual(await requester.closed, { closeCode: 0, reason: 'listener closed' });
  });

  it('close code and reason are seen by the peer; streams and datagrams end on both sides', async () => {
    client.close({ closeCode: 4242, reason: 'done here' });
    assert.deepEqual(await client.closed, { closeCode: 4242, reason: 'done here' });
    assert.deepEqual(await server.closed, { closeCode: 4242, reason: 'done here' });
    assert.equal((await server.incomingBidirectionalStreams.getReader().read()).done, true);
    await assert.rejects(server.createBidirectionalStream(), (e: unknown) => e instanceof QuicTransportError);
  });
});
