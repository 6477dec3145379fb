import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageDecodeError } from '../errors/index.ts';
import { encodeMessage } from './codec.ts';
import { MessageReader, readMessages } from './message-reader.ts';
import type { OspMessage } from './messages.ts';
import { sampleMessages } from './testing/sample-messages.ts';

const small = sampleMessages().filter((m) => m.type !== 'data-frame' || m.payload.length < 1000);
const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const smallStream = concat(small.map(encodeMessage));

function readInChunks(bytes: Uint8Array, cuts: number[]): OspMessage[] {
  const reader = new MessageReader();
  const out: OspMessage[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...reader.push(bytes.subarray(from, cut)));
    from = cut;
  }
  reader.end();
  assert.equal(reader.bufferedBytes, 0);
  return out;
}

test('a stream split at every byte boundary yields the same messages', () => {
  for (let cut = 0; cut <= smallStream.length; cut++) {
    assert.deepEqual(readInChunks(smallStream, [cut]), small, `split at ${cut}`);
  }
});

test('a stream delivered one byte at a time yields the same messages', () => {
  const cuts = Array.from({ length: smallStream.length - 1 }, (_, i) => i + 1);
  assert.deepEqual(readInChunks(smallStream, cuts), small);
});

test('a frame larger than a chunk, in uneven chunks, and whole frames in one chunk', () => {
  const all = sampleMessages();
  const bytes = concat(all.map(encodeMessage));
  assert.deepEqual(readInChunks(bytes, []), all);
  const cuts: number[] = [];
  for (let at = 1, step = 1; at < bytes.length; step = (step * 7 + 3) % 9000, at += step) cuts.push(at);
  assert.deepEqual(readInChunks(bytes, cuts), all);
});

test('a 64 MiB data-frame in 64 KiB chunks is read in linear time', () => {
  const payload = new Uint8Array(64 * 1024 * 1024);
  for (let i = 0; i < payload.length; i += 4096) payload[i] = i / 4096;
  const frame = encodeMessage({ type: 'data-frame', encodingId: 2, payload });
  const reader = new MessageReader();
  const started = performance.now();
  const out: OspMessage[] = [];
  for (let at = 0; at < frame.length; at += 64 * 1024)
    out.push(...reader.push(frame.subarray(at, at + 64 * 1024)));
  const elapsed = performance.now() - started;
  assert.equal(out.length, 1);
  const [message] = out;
  assert.ok(message?.type === 'data-frame');
  assert.equal(Buffer.compare(message.payload, payload), 0);
  // Re-scanning or re-concatenating the buffer per chunk would touch ~32 GiB here and take many seconds.
  assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
});

test('an unknown type key fails as soon as the key is read, before its body arrives', () => {
  const reader = new MessageReader();
  assert.throws(() => reader.push(new Uint8Array([0x47, 0xd0])), { code: 'unknown-type-key', typeKey: 2000 });
  assert.throws(
    () => reader.push(new Uint8Array([0xa0])),
    { code: 'unknown-type-key' },
    'the failure is final',
  );
});

test('messages before a bad frame are returned; the error follows on the next call', () => {
  const good = encodeMessage({ type: 'agent-info-request', requestId: 1 });
  const reader = new MessageReader();
  assert.deepEqual(reader.push(concat([good, good, Buffer.from('0a9f', 'hex')])).length, 2);
  assert.throws(() => reader.push(good), { code: 'indefinite-length' });
  assert.throws(() => reader.end(), { code: 'indefinite-length' });
});

function streamOf(chunks: Uint8Array[], onCancel?: (reason: unknown) => void): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: onCancel,
  });
}

test('readMessages yields the messages of a ReadableStream', async () => {
  const chunks = [smallStream.subarray(0, 5), smallStream.subarray(5, 300), smallStream.subarray(300)];
  const out: OspMessage[] = [];
  for await (const message of readMessages(streamOf(chunks))) out.push(message);
  assert.deepEqual(out, small);
});

test('readMessages cancels the stream on a bad frame and reports truncation at its end', async () => {
  let cancelled: unknown;
  const bad = streamOf([Buffer.from('0a9f', 'hex')], (reason) => {
    cancelled = reason;
  });
  await assert.rejects(async () => {
    for await (const _ of readMessages(bad));
  }, MessageDecodeError);
  assert.ok(cancelled instanceof MessageDecodeError && cancelled.code === 'indefinite-length');
  await assert.rejects(
    async () => {
      for await (const _ of readMessages(streamOf([smallStream.subarray(0, 7)])));
    },
    { code: 'truncated' },
  );
});

test('a gate refuses a frame from its type key alone, before any of its body is buffered', () => {
  const gate = (type: string) => (type === 'data-frame' ? false : 1024);
  const reader = new MessageReader(undefined, gate);
  // The one byte of type key 24 is enough: a 250 MiB data-frame is refused before its head is read.
  assert.throws(
    () => reader.push(new Uint8Array([24])),
    (error: unknown) =>
      error instanceof MessageDecodeError &&
      error.code === 'not-allowed' &&
      error.messageType === 'data-frame',
  );
  // A permitted type is capped: an agent-info-event announcing a 2 KiB string fails at its header.
  const capped = new MessageReader(undefined, gate);
  assert.throws(
    () => capped.push(new Uint8Array([0x40, 0x78, 0xa1, 0x00, 0xa5, 0x00, 0x79, 0x08, 0x00])),
    (error: unknown) => error instanceof MessageDecodeError && error.code === 'frame-too-large',
  );
  const open = new MessageReader(undefined, gate);
  assert.deepEqual(open.push(encodeMessage({ type: 'agent-info-request', requestId: 3 })), [
    { type: 'agent-info-request', requestId: 3 },
  ]);
});

test('the gate is asked for every frame, so its answer may change mid-stream', () => {
  let allowed = false;
  const reader = new MessageReader(undefined, (type) =>
    type === 'data-frame' && !allowed ? false : undefined,
  );
  const status = encodeMessage({ type: 'agent-status-request', requestId: 1 });
  const frame = encodeMessage({ type: 'data-frame', encodingId: 2, payload: new Uint8Array([1]) });
  assert.equal(reader.push(status).length, 1);
  allowed = true;
  assert.equal(reader.push(frame).length, 1);
});
