import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MessageEncodeError } from '../errors/protocol-errors.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { DataEncoding } from './constants.ts';
import { encodeDataFrame } from './data-frame.ts';

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
