import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionCounts } from './connection-counts.ts';

describe('ConnectionCounts', () => {
  it('counts documents per socket and sockets per token, and forgets on remove', () => {
    const counts = new ConnectionCounts(60_000);
    const a1 = counts.add('s1', 't', 0);
    counts.add('s1', 't', 0);
    counts.add('s2', 't', 0);
    assert.equal(counts.documents('s1'), 2);
    assert.deepEqual(counts.sockets('t', 's3'), { count: 2, includes: false });
    counts.remove(a1);
    assert.equal(counts.documents('s1'), 1);
    assert.deepEqual(counts.sockets('t', 's1'), { count: 2, includes: true });
  });

  it('drops an entry never confirmed (its document failed to load) once it is older than the limit', () => {
    const counts = new ConnectionCounts(60_000);
    const failed = counts.add('s1', 't', 0);
    const ok = counts.add('s2', 't', 0);
    counts.confirm(ok);
    counts.add('s3', 't', 60_001); // adding prunes
    assert.equal(counts.documents('s1'), 0);
    assert.deepEqual(counts.sockets('t', 's2'), { count: 2, includes: true });
    counts.remove(failed); // a late disconnect is harmless
  });
});
