import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CHUNK_BYTES } from '../browser/index.ts';
import { ReadGatherer } from './read-gatherer.ts';

it('joins what arrives in one turn, up to a chunk, keeps the bytes in order and ends with the stream', async () => {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
  });
  const gather = new ReadGatherer(stream.getReader());
  // 600 packets of 1 KB at once: two full chunks and the rest.
  const sent = new Uint8Array(600 * 1000).map((_, i) => i % 251);
  for (let at = 0; at < sent.length; at += 1000) controller.enqueue(sent.slice(at, at + 1000));
  const got: Uint8Array[] = [];
  for (let i = 0; i < 3; i++) got.push((await gather.next()) as Uint8Array);
  assert.deepEqual(
    got.map((g) => g.byteLength),
    [262_000, 262_000, 76_000],
  );
  assert.ok(got.every((g) => g.byteLength <= CHUNK_BYTES));
  // A later packet is its own message; then the end.
  setTimeout(() => {
    controller.enqueue(new Uint8Array([7]));
    setTimeout(() => controller.close(), 5);
  }, 5);
  assert.deepEqual([...((await gather.next()) as Uint8Array)], [7]);
  assert.equal(await gather.next(), undefined);
  const joined = new Uint8Array(sent.length);
  let at = 0;
  for (const g of got) {
    joined.set(g, at);
    at += g.byteLength;
  }
  assert.deepEqual(joined, sent);
});
