import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeVarint, readVarint, varintLength } from './varint.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

test('RFC 9000 §16 / Appendix A.1 examples decode', () => {
  // 151288809941952652 is above 2^53 - 1, which a number cannot hold exactly: Infinity, and exact as a bigint.
  assert.deepEqual(readVarint(Buffer.from('c2197c5eff14e88c', 'hex')), {
    value: Infinity,
    length: 8,
    exact: 151_288_809_941_952_652n,
  });
  assert.deepEqual(readVarint(Buffer.from('c0000000499602d2', 'hex')), { value: 1_234_567_890, length: 8 });
  assert.deepEqual(readVarint(Buffer.from('9d7f3e7d', 'hex')), { value: 494_878_333, length: 4 });
  assert.deepEqual(readVarint(Buffer.from('7bbd', 'hex')), { value: 15_293, length: 2 });
  assert.deepEqual(readVarint(Buffer.from('25', 'hex')), { value: 37, length: 1 });
  assert.deepEqual(readVarint(Buffer.from('4025', 'hex')), { value: 37, length: 2 });
});

test('encodes in shortest form at each length boundary', () => {
  assert.equal(hex(encodeVarint(37)), '25');
  assert.equal(hex(encodeVarint(15_293)), '7bbd');
  assert.equal(hex(encodeVarint(494_878_333)), '9d7f3e7d');
  assert.equal(hex(encodeVarint(1001)), '43e9');
  for (const [value, length] of [
    [0, 1],
    [63, 1],
    [64, 2],
    [16_383, 2],
    [16_384, 4],
    [2 ** 30 - 1, 4],
    [2 ** 30, 8],
    [Number.MAX_SAFE_INTEGER, 8],
  ] as const) {
    const bytes = encodeVarint(value);
    assert.equal(bytes.length, length, `length of ${value}`);
    assert.equal(varintLength(value), length);
    assert.deepEqual(readVarint(bytes), { value, length });
  }
});

test('reports missing bytes and values beyond 2^53 - 1', () => {
  assert.equal(readVarint(new Uint8Array(0)), undefined);
  assert.equal(readVarint(Buffer.from('c2197c', 'hex')), undefined);
  assert.equal(readVarint(Buffer.from('ffffffffffffffff', 'hex'))?.value, Number.POSITIVE_INFINITY);
  assert.equal(readVarint(Buffer.from('c020000000000000', 'hex'))?.value, Number.POSITIVE_INFINITY); // 2^53
});

test('rejects values it cannot encode', () => {
  for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) assert.throws(() => encodeVarint(bad), RangeError);
});
