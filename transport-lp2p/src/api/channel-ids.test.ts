import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ChannelIds, MAX_CHANNEL_ID } from './channel-ids.ts';

it('allocates ids of one parity, skips claimed ones, and runs out only when all are used', () => {
  const ids = new ChannelIds(1);
  assert.ok(ids.claim(3));
  assert.deepEqual([ids.allocate(), ids.allocate()], [1, 5]);
  let count = 3;
  while (ids.allocate() !== undefined) count++;
  assert.equal(count, 32_767); // the odd ids in 0–65534
  ids.release(3);
  assert.equal(ids.allocate(), 3);
  assert.equal(ids.claim(3), false);
});

it('gives the even side 32 768 ids including 0 and 65534', () => {
  const ids = new ChannelIds(0);
  const seen = new Set<number>();
  for (let id = ids.allocate(); id !== undefined; id = ids.allocate()) seen.add(id);
  assert.equal(seen.size, 32_768);
  assert.ok(seen.has(0) && seen.has(MAX_CHANNEL_ID));
});
