import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteQueue } from './byte-queue.ts';

test('byteAt reads across chunks, forwards and backwards', () => {
  const queue = new ByteQueue();
  for (const chunk of [[0, 1], [], [2], [3, 4, 5]]) queue.push(new Uint8Array(chunk));
  assert.equal(queue.length, 6);
  assert.deepEqual([5, 0, 3, 4, 1, 2].map(queue.byteAt), [5, 0, 3, 4, 1, 2]);
});

test('take returns a view within one chunk and a copy across chunks', () => {
  const first = new Uint8Array([0, 1, 2, 3]);
  const queue = new ByteQueue();
  queue.push(first);
  queue.push(new Uint8Array([4, 5]));
  const view = queue.take(2);
  assert.equal(view.buffer, first.buffer);
  assert.deepEqual([...view], [0, 1]);
  assert.equal(queue.byteAt(0), 2);
  const copy = queue.take(3);
  assert.notEqual(copy.buffer, first.buffer);
  assert.deepEqual([...copy], [2, 3, 4]);
  assert.equal(queue.length, 1);
  assert.deepEqual([...queue.take(1)], [5]);
  assert.equal(queue.length, 0);
  assert.throws(() => queue.take(1), RangeError);
});

test('takeCopy returns bytes in a buffer of their own, within one chunk or across chunks', () => {
  const big = new Uint8Array(10_000).map((_, i) => i);
  const queue = new ByteQueue();
  queue.push(big);
  queue.push(new Uint8Array([7, 8]));
  const inOne = queue.takeCopy(5000);
  assert.deepEqual([inOne.byteOffset, inOne.buffer.byteLength], [0, 5000]);
  assert.deepEqual(inOne, big.subarray(0, 5000));
  const across = queue.takeCopy(5001);
  assert.deepEqual([across.byteOffset, across.buffer.byteLength], [0, 5001]);
  assert.deepEqual([...across.subarray(4999)], [big[9999], 7]);
  assert.deepEqual([...queue.take(1)], [8]);
  assert.throws(() => queue.takeCopy(1), RangeError);
});
