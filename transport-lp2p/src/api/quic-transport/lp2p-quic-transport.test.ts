import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuicTransportError } from '../../errors/index.ts';
import {
  ABNORMAL_CLOSE_CODE,
  createMemorySessionPair,
  type Session,
  type SessionCloseInfo,
} from '../../platform/index.ts';
import { readAll } from '../../platform/testing/session-conformance.ts';
import { MAX_REASON_BYTES } from './close-info.ts';
import { LP2PQuicTransport } from './lp2p-quic-transport.ts';
import type { QuicTransportSource } from './quic-transport-source.ts';

const isError = (code: string) => (e: unknown) => e instanceof QuicTransportError && e.code === code;

function transportPair(): [LP2PQuicTransport, LP2PQuicTransport, Session, Session] {
  const [a, b] = createMemorySessionPair();
  return [new LP2PQuicTransport(Promise.resolve(a)), new LP2PQuicTransport(Promise.resolve(b)), a, b];
}

async function first<T>(stream: ReadableStream<T>): Promise<T> {
  const reader = stream.getReader();
  const { value, done } = await reader.read();
  reader.releaseLock();
  assert.equal(done, false);
  return value as T;
}

/**
 * A session that ends abnormally on demand, as a reset or idle timeout would end a QUIC one. It has no
 * datagrams, as a session over TCP would not.
 */
function losable(session: Session): { session: Session; lose(): void } {
  let lose!: () => void;
  const closed = new Promise<SessionCloseInfo>((resolve) => {
    lose = () => resolve({ code: ABNORMAL_CLOSE_CODE, reason: 'idle timeout', local: true });
  });
  const wrapped: Session = {
    kind: session.kind,
    isClient: session.isClient,
    remoteCertificate: session.remoteCertificate,
    remoteAddress: session.remoteAddress,
    incomingStreams: session.incomingStreams,
    openStream: () => session.openStream(),
    incomingUnidirectionalStreams: session.incomingUnidirectionalStreams,
    openUnidirectionalStream: () => session.openUnidirectionalStream(),
    close: (code, reason) => session.close(code, reason),
    closed,
    stats: () => session.stats(),
  };
  return { session: wrapped, lose };
}

describe('LP2PQuicTransport over an in-memory session', () => {
  it('carries bidirectional, unidirectional streams and datagrams both ways', async () => {
    const [a, b] = transportPair();
    await Promise.all([a.ready, b.ready]);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const stream = await from.createBidirectionalStream();
      const writer = stream.writable.getWriter();
      await writer.write(new TextEncoder().encode('ping'));
      await writer.close();
      const incoming = await first(to.incomingBidirectionalStreams);
      assert.equal(new TextDecoder().decode(await readAll(incoming.readable)), 'ping');

      const uni = (await from.createUnidirectionalStream()).getWriter();
      await uni.write(Uint8Array.of(1, 2));
      await uni.close();
      assert.deepEqual(await readAll(await first(to.incomingUnidirectionalStreams)), Uint8Array.of(1, 2));

      await from.datagrams.writable.getWriter().write(Uint8Array.of(9));
      assert.deepEqual(await first(to.datagrams.readable), Uint8Array.of(9));
    }
    a.close();
  });

  it('close() before ready rejects ready and closed with "aborted", aborts the source, closes a late session', async () => {
    const [late] = createMemorySessionPair();
    let signal: AbortSignal | undefined;
    let deliver!: (s: Session) => void;
    const source: QuicTransportSource = {
      openQuicTransportSession(options) {
        signal = options.signal;
        return new Promise((resolve) => {
          deliver = resolve;
        });
      },
    };
    const transport = new LP2PQuicTransport(source);
    await Promise.resolve();
    transport.close({ closeCode: 3, reason: 'never mind' });
    await assert.rejects(transport.ready, isError('aborted'));
    await assert.rejects(transport.closed, isError('aborted'));
    assert.equal(signal?.aborted, true);
    deliver(late);
    assert.deepEqual(await late.closed, { code: 3, reason: 'never mind', local: true });
    await assert.rejects(transport.createBidirectionalStream(), isError('invalid-state'));
  });

  it('a failing source rejects ready with "connection-failed" and keeps the cause', async () => {
    const cause = new Error('no route');
    const transport = new LP2PQuicTransport(Promise.reject(cause));
    await assert.rejects(
      transport.ready,
      (e: unknown) => isError('connection-failed')(e) && (e as Error).cause === cause,
    );
    await assert.rejects(transport.closed, isError('connection-failed'));
  });

  it('reliability is "pending" until ready, then "supports-unreliable"; requireUnreliable is met', async () => {
    const [a] = createMemorySessionPair();
    const transport = new LP2PQuicTransport(Promise.resolve(a), { requireUnreliable: true });
    assert.equal(transport.reliability, 'pending');
    await transport.ready;
    assert.equal(transport.reliability, 'supports-unreliable');
    transport.close();
  });

  it('over a session without datagrams: "reliable-only", and requireUnreliable rejects ready', async () => {
    const [a, b] = createMemorySessionPair();
    const plain = new LP2PQuicTransport(Promise.resolve(losable(a).session));
    await plain.ready;
    assert.equal(plain.reliability, 'reliable-only');
    const demanding = new LP2PQuicTransport(Promise.resolve(losable(b).session), { requireUnreliable: true });
    await assert.rejects(demanding.ready, isError('unsupported'));
    await assert.rejects(demanding.closed, isError('unsupported'));
    plain.close();
  });

  it('close code and reason reach the peer; the reason is cut to 1024 UTF-8 bytes on a code point', async () => {
    const [a, b] = transportPair();
    await a.ready;
    const reason = `${'x'.repeat(MAX_REASON_BYTES - 1)}é`;
    a.close({ closeCode: 0xffff_ffff, reason });
    const expected = { closeCode: 0xffff_ffff, reason: 'x'.repeat(MAX_REASON_BYTES - 1) };
    assert.deepEqual(await a.closed, expected);
    assert.deepEqual(await b.closed, expected);
    assert.equal((await b.incomingBidirectionalStreams.getReader().read()).done, true);
    assert.equal((await b.datagrams.readable.getReader().read()).done, true);
  });

  it('refuses a close code outside 0..2^32-1', async () => {
    const [a] = transportPair();
    for (const closeCode of [-1, 2 ** 32, 1.5]) {
      assert.throws(() => a.close({ closeCode }), isError('invalid-argument'));
    }
    a.close();
  });

  it('an abnormal session end rejects closed with "session-lost" and errors the datagram readable', async () => {
    const [a] = createMemorySessionPair();
    const { session, lose } = losable(a);
    const transport = new LP2PQuicTransport(Promise.resolve(session));
    await transport.ready;
    lose();
    await assert.rejects(transport.closed, isError('session-lost'));
    await assert.rejects(transport.datagrams.readable.getReader().read(), isError('session-lost'));
    await a.close();
  });

  it('resets a stream of an unknown kind and keeps the session', async () => {
    const [a, b] = createMemorySessionPair();
    const transport = new LP2PQuicTransport(Promise.resolve(b));
    const stream = await a.openStream();
    // 0x02 once opened a stream of datagrams; datagrams are QUIC DATAGRAM frames now.
    await stream.writable.getWriter().write(Uint8Array.of(0x02));
    await assert.rejects(stream.readable.getReader().read());
    const peer = new LP2PQuicTransport(Promise.resolve(a));
    const bidi = await peer.createBidirectionalStream();
    await bidi.writable.getWriter().write(Uint8Array.of(5));
    const incoming = await first(transport.incomingBidirectionalStreams);
    assert.deepEqual((await incoming.readable.getReader().read()).value, Uint8Array.of(5));
    peer.close();
  });

  it('reports stream counts and datagram drops in getStats()', async () => {
    const [a, b] = transportPair();
    await Promise.all([a.ready, b.ready]);
    b.datagrams.incomingHighWaterMark = 1;
    const writer = a.datagrams.writable.getWriter();
    for (let i = 0; i < 5; i++) await writer.write(Uint8Array.of(i));
    let stats = await b.getStats();
    for (let turn = 0; turn < 100 && stats.datagrams.droppedIncoming < 4; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      stats = await b.getStats();
    }
    assert.equal(stats.datagrams.droppedIncoming, 4);
    assert.equal(stats.numIncomingStreamsCreated, 0, 'datagrams open no stream');
    assert.deepEqual(await first(b.datagrams.readable), Uint8Array.of(4));
    a.close();
  });
});
