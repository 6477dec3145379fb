import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageDecodeError } from '../errors/index.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { MessageReader } from './message-reader.ts';

const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.replaceAll(' ', ''), 'hex'));

/** Asserts that both decoders reject `frame` with `code` within 10 ms each. */
function assertFastReject(frame: Uint8Array, code: string): void {
  for (const [decoder, expected] of [
    [() => decodeMessage(frame), code],
    [() => new MessageReader().push(frame), code],
  ] as const) {
    const started = performance.now();
    assert.throws(
      decoder,
      (error: unknown) => error instanceof MessageDecodeError && error.code === expected,
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 10, `rejected in ${elapsed.toFixed(2)} ms`);
  }
}

test('CBOR bombs are rejected with typed errors in under 10 ms', () => {
  decodeMessage(encodeMessage({ type: 'agent-info-request', requestId: 1 })); // warm up the code paths
  assertFastReject(fromHex('0a 9f'), 'indefinite-length');
  assertFastReject(fromHex('0a bf'), 'indefinite-length');
  assertFastReject(fromHex('0a 5f 41 00 ff'), 'indefinite-length');
  assertFastReject(fromHex('0a a1 00 ff'), 'indefinite-length');
  assertFastReject(new Uint8Array([0x0a, ...new Uint8Array(12_000).fill(0x81), 0x00]), 'too-deep');
  assertFastReject(new Uint8Array([0x0a, ...new Uint8Array(12_000).fill(0xa1)]), 'too-deep');
  for (const declared of [
    '5b ffffffffffffffff',
    '7b ffffffffffffffff',
    '9b 00000000ffffffff',
    'bb 00000000ffffffff',
  ]) {
    assertFastReject(fromHex(`0a ${declared}`), 'frame-too-large');
    assertFastReject(fromHex(`18 ${declared}`), 'frame-too-large'); // data-frame has the larger limit
  }
  assertFastReject(fromHex('0a 9b ffffffffffffffff'), 'frame-too-large');
  assertFastReject(fromHex('0a bb 7fffffffffffffff'), 'frame-too-large');
});

test('declared lengths within the limit but beyond the bytes are truncated (decode) or awaited (reader)', () => {
  const frame = fromHex('0a a1 00 5a 00001000'); // 4096-byte string, absent
  assert.throws(() => decodeMessage(frame), { code: 'truncated' });
  const reader = new MessageReader();
  assert.deepEqual(reader.push(frame), []);
  assert.equal(reader.bufferedBytes, frame.length);
  assert.throws(() => reader.end(), { code: 'truncated' });
});

test('frame and item limits are configurable and enforced', () => {
  const big = encodeMessage({ type: 'data-frame', encodingId: 2, payload: new Uint8Array(2000) });
  assert.throws(() => decodeMessage(big, { maxDataFrameBytes: 1000 }), { code: 'frame-too-large' });
  assert.throws(() => new MessageReader({ maxDataFrameBytes: 1000 }).push(big.subarray(0, 10)), {
    code: 'frame-too-large',
  });
  assert.equal(decodeMessage(big, { maxDataFrameBytes: big.length }).type, 'data-frame');
  const info = encodeMessage({
    type: 'agent-info-event',
    agentInfo: {
      displayName: '',
      modelName: '',
      capabilities: new Array(100).fill(1),
      stateToken: '',
      locales: [],
    },
  });
  // Items: the top map, its key and value, agent-info's 5 keys and 5 values, 100 capabilities = 113.
  assert.throws(() => decodeMessage(info, { maxItems: 112 }), { code: 'frame-too-large' });
  assert.throws(() => decodeMessage(info, { maxDepth: 2 }), { code: 'too-deep' });
  assert.equal(decodeMessage(info, { maxItems: 113, maxDepth: 3 }).type, 'agent-info-event');
  assert.throws(() => decodeMessage(info, { maxFrameBytes: 0 }), RangeError);
});
