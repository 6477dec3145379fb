import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MessageDecodeError, MessageEncodeError } from '../errors/index.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { DataEncoding } from './constants.ts';
import { encodeDataFrame, readDataFrameHead } from './data-frame.ts';
import { MessageReader } from './message-reader.ts';
import type { OspMessage } from './messages.ts';
import { fromHex } from './testing/test-frames.ts';

it('encodes exactly as encodeMessage at every byte-string head size', () => {
  for (const size of [0, 1, 23, 24, 255, 256, 65_535, 65_536, 1 << 20]) {
    const payload = new Uint8Array(size).map((_, i) => i * 7);
    for (const encodingId of [DataEncoding.Blob, DataEncoding.String, DataEncoding.ArrayBuffer]) {
      const frame = encodeDataFrame(encodingId, payload);
      assert.deepEqual(frame, encodeMessage({ type: 'data-frame', encodingId, payload }), `size ${size}`);
      assert.deepEqual(decodeMessage(frame), { type: 'data-frame', encodingId, payload });
    }
  }
});

it('copies the payload, so the caller may reuse it', () => {
  const payload = new Uint8Array([1, 2, 3]);
  const frame = encodeDataFrame(DataEncoding.ArrayBuffer, payload.subarray(1));
  payload.fill(0);
  assert.deepEqual(decodeMessage(frame), {
    type: 'data-frame',
    encodingId: 2,
    payload: new Uint8Array([2, 3]),
  });
});

it('rejects an encoding id outside data-channel-encoding-id', () => {
  assert.throws(() => encodeDataFrame(3 as 2, new Uint8Array()), MessageEncodeError);
});

/** Every message `bytes` yields when read in chunks of `chunkSize`. */
function readAll(bytes: Uint8Array, chunkSize: number): OspMessage[] {
  const reader = new MessageReader();
  const out: OspMessage[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize)
    out.push(...reader.push(bytes.subarray(at, at + chunkSize)));
  reader.end();
  return out;
}

it('reads a data-frame payload into a buffer of its own, whether it arrives whole or in pieces', () => {
  for (const size of [0, 23, 24, 255, 256, 65_536, 1 << 20]) {
    const payload = new Uint8Array(size).map((_, i) => i * 13);
    const frame = encodeDataFrame(DataEncoding.ArrayBuffer, payload);
    assert.deepEqual(
      readDataFrameHead((i) => frame[i] as number, frame.length),
      {
        encodingId: DataEncoding.ArrayBuffer,
        payloadOffset: frame.length - size,
        payloadLength: size,
      },
    );
    for (const chunkSize of [frame.length, 1000, 3]) {
      const [message, ...rest] = readAll(frame, chunkSize);
      assert.equal(rest.length, 0);
      assert.deepEqual(message, { type: 'data-frame', encodingId: DataEncoding.ArrayBuffer, payload });
      const received = (message as { payload: Uint8Array }).payload;
      // Handed out as its ArrayBuffer, it must be exactly the payload and never share the received chunk.
      assert.equal(received.byteOffset, 0);
      assert.equal(received.buffer.byteLength, size);
      assert.notEqual(received.buffer, frame.buffer);
    }
  }
});

it('leaves data-frames in any other layout to the general decoder, which reads or rejects them as ever', () => {
  const layouts = [
    fromHex('18 a2 04 43 050607 00 01'), // keys in the other order: read
    fromHex('40 18 a2 00 01 04 43 050607'), // the type key as a two-byte varint: read
  ];
  for (const frame of layouts) {
    assert.equal(
      readDataFrameHead((i) => frame[i] as number, frame.length),
      undefined,
    );
    let expected: OspMessage[] | string;
    try {
      expected = [decodeMessage(frame)];
    } catch (error) {
      expected = (error as MessageDecodeError).code;
    }
    let actual: OspMessage[] | string;
    try {
      actual = readAll(frame, 2);
    } catch (error) {
      actual = (error as MessageDecodeError).code;
    }
    assert.deepEqual(actual, expected);
  }
  assert.deepEqual(readAll(layouts[0] as Uint8Array, 2), [
    { type: 'data-frame', encodingId: DataEncoding.String, payload: new Uint8Array([5, 6, 7]) },
  ]);
});

it('reads a data-frame whose byte-string head is longer than needed on the fast path (RFC 8949 §4.1)', () => {
  for (const [hex, length] of [
    ['18 a2 00 01 04 58 03 050607', 3],
    [`18 a2 00 02 04 59 0018 ${'00'.repeat(24)}`, 24],
    [`18 a2 00 02 04 5b 0000000000000002 0909`, 2],
  ] as const) {
    const frame = fromHex(hex);
    const head = readDataFrameHead((i) => frame[i] as number, frame.length);
    assert.ok(head && head !== 'incomplete', hex);
    assert.equal(head.payloadLength, length);
    const [message] = readAll(frame, 1);
    assert.deepEqual(message, decodeMessage(frame));
  }
});

it('leaves a data-frame with a bad encoding id to the general decoder, which rejects it', () => {
  const frame = fromHex('18 a2 00 03 04 43 050607');
  assert.equal(
    readDataFrameHead((i) => frame[i] as number, frame.length),
    undefined,
  );
  assert.throws(
    () => readAll(frame, frame.length),
    (error: unknown) => error instanceof MessageDecodeError && error.code === 'invalid-message',
  );
});

it('refuses a data-frame announcing more than the limit as soon as its head arrives', () => {
  const reader = new MessageReader({ maxDataFrameBytes: 1000 });
  const head = encodeDataFrame(DataEncoding.ArrayBuffer, new Uint8Array(2000)).subarray(0, 8);
  assert.throws(
    () => reader.push(head),
    (error: unknown) => error instanceof MessageDecodeError && error.code === 'frame-too-large',
  );
});

it('reports a stream that ends inside a payload being filled as truncated', () => {
  const reader = new MessageReader();
  const frame = encodeDataFrame(DataEncoding.ArrayBuffer, new Uint8Array(5000));
  assert.deepEqual(reader.push(frame.subarray(0, 3000)), []);
  assert.equal(reader.bufferedBytes, 3000 - 8);
  assert.throws(
    () => reader.end(),
    (error: unknown) => error instanceof MessageDecodeError && error.code === 'truncated',
  );
});

it('holds no buffer for a data-frame that announces far more than has arrived', () => {
  const reader = new MessageReader();
  const announced = 200 * 1024 * 1024;
  const frame = encodeDataFrame(DataEncoding.ArrayBuffer, new Uint8Array(1000));
  // The same head, announcing 200 MiB (a 4-byte length), followed by 1000 bytes.
  const head = fromHex(`18 a2 00 02 04 5a ${announced.toString(16).padStart(8, '0')}`);
  const before = process.memoryUsage().arrayBuffers;
  assert.deepEqual(reader.push(head), []);
  assert.deepEqual(reader.push(frame.subarray(frame.length - 1000)), []);
  assert.equal(reader.bufferedBytes, head.length + 1000);
  assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024, 'no 200 MiB buffer up front');
});
