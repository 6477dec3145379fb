import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuicTransportError } from '../../errors/index.ts';
import type { SessionDatagrams } from '../../platform/index.ts';
import { createMemorySessionPair, MEMORY_DATAGRAM_SIZE } from '../../platform/index.ts';
import { createDatagramDuplex, MAX_DATAGRAM_SIZE } from './datagram-duplex.ts';

/** Two duplexes attached to the two ends of an in-memory session pair's datagrams. */
function duplexPair() {
  const [a, b] = createMemorySessionPair();
  const local = createDatagramDuplex();
  const remote = createDatagramDuplex();
  local.attach(a.datagrams as SessionDatagrams);
  remote.attach(b.datagrams as SessionDatagrams);
  return { local, remote, sessions: [a, b] as const };
}

const datagram = (n: number) => Uint8Array.of(n & 0xff, n >> 8);
const nextTask = () => new Promise((resolve) => setImmediate(resolve));

async function readAvailable(readable: ReadableStream<Uint8Array>, count: number): Promise<Uint8Array[]> {
  const reader = readable.getReader();
  const received: Uint8Array[] = [];
  for (let i = 0; i < count; i++) received.push((await reader.read()).value as Uint8Array);
  reader.releaseLock();
  return received;
}

describe('datagram duplex', () => {
  it('carries datagrams to the peer through the session', async () => {
    const { local, remote } = duplexPair();
    const writer = local.duplex.writable.getWriter();
    for (let i = 0; i < 10; i++) await writer.write(datagram(i));
    assert.deepEqual(
      await readAvailable(remote.duplex.readable, 10),
      Array.from({ length: 10 }, (_, i) => datagram(i)),
    );
  });

  it('keeps what is written before the session is attached, then sends it', async () => {
    const [a, b] = createMemorySessionPair();
    const local = createDatagramDuplex();
    const remote = createDatagramDuplex();
    remote.attach(b.datagrams as SessionDatagrams);
    local.duplex.outgoingHighWaterMark = 3;
    const writer = local.duplex.writable.getWriter();
    const buffer = Uint8Array.of(0, 0);
    for (let i = 0; i < 5; i++) {
      buffer.set(datagram(i));
      await writer.write(buffer);
    }
    assert.equal(local.counts().droppedOutgoing, 2, 'the two oldest of five, over a high-water mark of 3');
    local.attach(a.datagrams as SessionDatagrams);
    assert.deepEqual(await readAvailable(remote.duplex.readable, 3), [datagram(2), datagram(3), datagram(4)]);
  });

  it('never blocks a writer: over outgoingHighWaterMark unsent, the oldest are dropped', async () => {
    const { local, remote } = duplexPair();
    local.duplex.outgoingHighWaterMark = 4;
    const writer = local.duplex.writable.getWriter();
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await writer.write(datagram(i));
    assert.ok(performance.now() - started < 1000, 'writes must resolve without waiting for the network');
    await nextTask();
    const dropped = local.counts().droppedOutgoing;
    assert.ok(dropped > 0, 'a burst in one task overflows a queue of 4');
    const received = await readAvailable(remote.duplex.readable, 1000 - dropped);
    assert.deepEqual(received.at(-1), datagram(999), 'the newest datagram is never the one dropped');
  });

  it('drops oversized datagrams silently, as WebTransport does', async () => {
    const { local, remote } = duplexPair();
    assert.equal(local.duplex.maxDatagramSize, MEMORY_DATAGRAM_SIZE, 'the session says how big');
    const writer = local.duplex.writable.getWriter();
    await writer.write(new Uint8Array(MEMORY_DATAGRAM_SIZE + 1));
    await writer.write(new Uint8Array(MEMORY_DATAGRAM_SIZE));
    const [only] = await readAvailable(remote.duplex.readable, 1);
    assert.equal(only?.byteLength, MEMORY_DATAGRAM_SIZE);
    assert.equal(createDatagramDuplex().duplex.maxDatagramSize, MAX_DATAGRAM_SIZE, 'before a session');
  });

  it('keeps the newest incomingHighWaterMark datagrams when the application reads late', async () => {
    const { local, remote } = duplexPair();
    remote.duplex.incomingHighWaterMark = 8;
    const writer = local.duplex.writable.getWriter();
    for (let i = 0; i < 100; i++) {
      await writer.write(datagram(i));
      if (i % 10 === 9) await nextTask();
    }
    await nextTask();
    assert.equal(remote.counts().droppedIncoming, 92);
    remote.close();
    const received: Uint8Array[] = [];
    for await (const d of remote.duplex.readable) received.push(d);
    assert.deepEqual(
      received,
      Array.from({ length: 8 }, (_, i) => datagram(92 + i)),
    );
  });

  it('clamps high-water marks to at least 1 and refuses NaN', () => {
    const control = createDatagramDuplex();
    control.duplex.incomingHighWaterMark = 0;
    assert.equal(control.duplex.incomingHighWaterMark, 1);
    assert.throws(() => {
      control.duplex.outgoingHighWaterMark = Number.NaN;
    }, RangeError);
  });

  it('after an abrupt close, the readable errors, writes fail and nothing more is delivered', async () => {
    const { local, remote } = duplexPair();
    const failure = new QuicTransportError('session-lost', 'gone');
    remote.close(failure);
    await assert.rejects(remote.duplex.readable.getReader().read(), (e: unknown) => e === failure);
    await assert.rejects(
      remote.duplex.writable.getWriter().write(datagram(1)),
      (e: unknown) => e === failure,
    );
    await local.duplex.writable.getWriter().write(datagram(2));
    await nextTask();
    assert.equal(remote.counts().droppedIncoming, 0, 'a closed duplex no longer takes datagrams');
  });
});
