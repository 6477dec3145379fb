import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FrameBufferPool, POOLED_MIN_BYTES } from './frame-buffer-pool.ts';

const MiB = 1024 * 1024;

it('builds a frame in a buffer given back, if it is at least the size and at most twice it', () => {
  const pool = new FrameBufferPool();
  const first = pool.take(MiB);
  pool.give(first);
  const smaller = pool.take(MiB - 100);
  assert.equal(smaller.buffer, first.buffer);
  assert.equal(smaller.byteLength, MiB - 100);
  pool.give(smaller);
  assert.notEqual(pool.take(MiB / 2 - 1).buffer, first.buffer, 'more than twice the size is not used');
  assert.notEqual(pool.take(MiB + 1).buffer, first.buffer, 'too small is not used');
  assert.equal(pool.take(MiB).buffer, first.buffer);
  assert.notEqual(pool.take(MiB).buffer, first.buffer, 'taken buffers leave the pool');
});

it('keeps neither small nor huge frames, and at most 16 MiB', () => {
  const pool = new FrameBufferPool();
  const small = pool.take(POOLED_MIN_BYTES - 1);
  pool.give(small);
  assert.notEqual(pool.take(POOLED_MIN_BYTES - 1).buffer, small.buffer);
  const huge = pool.take(8 * MiB);
  pool.give(huge);
  assert.notEqual(pool.take(8 * MiB).buffer, huge.buffer);

  const given = Array.from({ length: 20 }, () => pool.take(MiB));
  for (const frame of given) pool.give(frame);
  const kept = new Set(given.map((frame) => frame.buffer));
  const reused = Array.from({ length: 20 }, () => pool.take(MiB)).filter((frame) => kept.has(frame.buffer));
  assert.equal(reused.length, 16);
});

it('lets go of every kept buffer on clear', () => {
  const pool = new FrameBufferPool();
  const frame = pool.take(MiB);
  pool.give(frame);
  pool.clear();
  assert.notEqual(pool.take(MiB).buffer, frame.buffer);
});

it('says whether it holds any buffer', () => {
  const pool = new FrameBufferPool();
  assert.equal(pool.holding, false);
  pool.give(pool.take(MiB));
  assert.equal(pool.holding, true);
  pool.clear();
  assert.equal(pool.holding, false);
});
