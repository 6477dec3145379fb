import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PackedUpdates, storedFromPacked } from './packed-updates.ts';

describe('PackedUpdates', () => {
  it('cuts the bytes at the lengths SQLite lists, empty updates included', () => {
    const packed = PackedUpdates.fromLengths(Uint8Array.of(1, 2, 3, 4, 5, 6), 4, '1,0,2,3');
    assert.deepEqual([...packed.ends], [1, 1, 3, 6]);
    assert.deepEqual(packed.toArray(), [
      Uint8Array.of(1),
      new Uint8Array(0),
      Uint8Array.of(2, 3),
      Uint8Array.of(4, 5, 6),
    ]);
    assert.deepEqual(PackedUpdates.fromLengths(Uint8Array.of(9), 1, '1').toArray(), [Uint8Array.of(9)]);
  });

  it('refuses lengths that do not cover the bytes or name another count', () => {
    assert.throws(() => PackedUpdates.fromLengths(Uint8Array.of(1, 2, 3), 2, '1,1'), RangeError);
    assert.throws(() => PackedUpdates.fromLengths(Uint8Array.of(1, 2, 3), 3, '1,2'), RangeError);
  });

  it('makes the views of a stored log only when asked, once', () => {
    const stored = storedFromPacked(PackedUpdates.fromLengths(Uint8Array.of(1, 2), 2, '1,1'), 7);
    assert.equal(stored.through, 7);
    assert.equal(stored.updates, stored.updates);
    assert.deepEqual(stored.updates, [Uint8Array.of(1), Uint8Array.of(2)]);
  });
});
