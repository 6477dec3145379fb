import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuicTransportError } from '../../errors/quic-transport-errors.ts';
import { createDatagramDuplex, MAX_DATAGRAM_SIZE } from './datagram-duplex.ts';
import { DatagramFrameReader, encodeDatagramFrames } from './datagram-frames.ts';

/** A duplex whose outgoing stream is captured frame by frame; `stall` holds every stream write pending. */
function duplexWithSink(options: { stall?: boolean } = {}) {
  const sent: Uint8Array[] = [];
  const frames = new DatagramFrameReader(MAX_DATAGRAM_SIZE);
  let streamWrites = 0;
  const control = createDatagramDuplex(async () => {
    return new WritableStream<Uint8Array>({
      write(chunk) {
        streamWrites++;
        sent.push(...frames.push(chunk));
        return options.stall ? new Promise<void>(() => {}) : undefined;
      },
    });
  });
  return { control, sent, streamWrites: () => streamWrites };
}

const feed = (...batches: Uint8Array[][]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const batch of batches) controller.enqueue(encodeDatagramFrames(batch));
      controller.close();
    },
  });

const datagram = (n: number) => Uint8Array.of(n & 0xff, n >> 8);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('datagram duplex', () => {
  it('sends datagrams as frames on one stream, batching what queued while a write was in flight', async () => {
    const { control, sent, streamWrites } = duplexWithSink();
    const writer = control.duplex.writable.getWriter();
    for (let i = 0; i < 10; i++) void writer.write(datagram(i));
    await writer.ready;
    await settle();
    assert.deepEqual(
      sent,
      Array.from({ length: 10 }, (_, i) => datagram(i)),
    );
    assert.ok(streamWrites() < 10, `expected batching, saw ${streamWrites()} stream writes`);
  });

  it('never blocks a writer on a stalled stream: drops the oldest unsent datagrams instead', async () => {
    const { control, sent } = duplexWithSink({ stall: true });
    control.duplex.outgoingHighWaterMark = 4;
    const writer = control.duplex.writable.getWriter();
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await writer.write(datagram(i));
    assert.ok(performance.now() - started < 1000, 'writes must resolve without waiting for the network');
    // The first datagram went into the stalled write; of the rest only the newest 4 are kept.
    assert.deepEqual(sent, [datagram(0)]);
    assert.equal(control.counts().droppedOutgoing, 1000 - 1 - 4);
  });

  it('drops oversized datagrams silently, as WebTransport does', async () => {
    const { control, sent } = duplexWithSink();
    const writer = control.duplex.writable.getWriter();
    await writer.write(new Uint8Array(MAX_DATAGRAM_SIZE + 1));
    await writer.write(new Uint8Array(MAX_DATAGRAM_SIZE));
    await settle();
    assert.deepEqual(
      sent.map((d) => d.byteLength),
      [MAX_DATAGRAM_SIZE],
    );
  });

  it('copies a written datagram, so the caller may reuse its buffer at once', async () => {
    const { control, sent } = duplexWithSink();
    const buffer = Uint8Array.of(1, 2, 3);
    await control.duplex.writable.getWriter().write(buffer);
    buffer.fill(0);
    await settle();
    assert.deepEqual(sent, [Uint8Array.of(1, 2, 3)]);
  });

  it('keeps the newest incomingHighWaterMark datagrams when the application reads late', async () => {
    const { control } = duplexWithSink();
    control.duplex.incomingHighWaterMark = 8;
    await control.receive(feed(Array.from({ length: 100 }, (_, i) => datagram(i))));
    assert.equal(control.counts().droppedIncoming, 92);
    control.close();
    const received: Uint8Array[] = [];
    for await (const d of control.duplex.readable) received.push(d);
    assert.deepEqual(
      received,
      Array.from({ length: 8 }, (_, i) => datagram(92 + i)),
    );
  });

  it('hands a datagram straight to a waiting reader', async () => {
    const { control } = duplexWithSink();
    const reader = control.duplex.readable.getReader();
    const next = reader.read();
    await control.receive(feed([datagram(42)]));
    assert.deepEqual((await next).value, datagram(42));
    assert.equal(control.counts().droppedIncoming, 0);
  });

  it('rejects a stream that ends mid-frame as a protocol violation', async () => {
    const { control } = duplexWithSink();
    const cut = encodeDatagramFrames([new Uint8Array(10)]).subarray(0, 4);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(cut);
        controller.close();
      },
    });
    await assert.rejects(
      control.receive(stream),
      (e: unknown) => e instanceof QuicTransportError && e.code === 'protocol-violation',
    );
  });

  it('clamps high-water marks to at least 1 and refuses NaN', () => {
    const { control } = duplexWithSink();
    control.duplex.incomingHighWaterMark = 0;
    assert.equal(control.duplex.incomingHighWaterMark, 1);
    assert.throws(() => {
      control.duplex.outgoingHighWaterMark = Number.NaN;
    }, RangeError);
  });

  it('after an abrupt close, the readable errors and writes fail', async () => {
    const { control } = duplexWithSink();
    const failure = new QuicTransportError('session-lost', 'gone');
    control.close(failure);
    await assert.rejects(control.duplex.readable.getReader().read(), (e: unknown) => e === failure);
    await assert.rejects(
      control.duplex.writable.getWriter().write(datagram(1)),
      (e: unknown) => e === failure,
    );
  });
});
