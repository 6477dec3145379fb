import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemorySessionPair } from '../../platform/index.ts';
import { readAll } from '../../platform/testing/session-conformance.ts';
import { openKindedStream, readStreamKind, STREAM_KIND_BYTES } from './stream-kind.ts';

function streamOf(...chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(Uint8Array.from(chunk));
      controller.close();
    },
  });
}

describe('stream kind byte', () => {
  it('peels the kind off the first byte and keeps the rest of that chunk', async () => {
    const kinded = await readStreamKind(streamOf([0x01, 9, 8], [7]));
    assert.equal(kinded?.kind, 'unidirectional');
    assert.deepEqual(await readAll(kinded.readable), Uint8Array.of(9, 8, 7));
  });

  it('skips empty chunks before the kind byte', async () => {
    const kinded = await readStreamKind(streamOf([], [0x00], [], [5]));
    assert.equal(kinded?.kind, 'bidirectional');
    assert.deepEqual(await readAll(kinded.readable), Uint8Array.of(5));
  });

  it('reports an unknown kind as undefined, with the stream still readable', async () => {
    const kinded = await readStreamKind(streamOf([0x7f, 1]));
    assert.ok(kinded);
    assert.equal(kinded.kind, undefined);
    assert.deepEqual(await readAll(kinded.readable), Uint8Array.of(1));
  });

  it('resolves undefined for a stream that ends before its first byte', async () => {
    assert.equal(await readStreamKind(streamOf([], [])), undefined);
  });

  it('cancelling the rest cancels the underlying stream', async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Uint8Array.of(STREAM_KIND_BYTES.bidirectional));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const kinded = await readStreamKind(source);
    await kinded?.readable.cancel('done');
    assert.equal(cancelled, 'done');
  });

  it('announces the kind to the peer as the first byte of a new stream', async () => {
    const [client, server] = createMemorySessionPair();
    const stream = await openKindedStream(client, 'unidirectional');
    await stream.writable.close();
    const reader = server.incomingStreams.getReader();
    const { value } = await reader.read();
    assert.ok(value);
    assert.deepEqual(await readAll(value.readable), Uint8Array.of(STREAM_KIND_BYTES.unidirectional));
    await client.close();
  });
});
