import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AckTracker } from './ack-tracker.ts';

it('tracks unconfirmed local updates, their age, and per-peer confirmations', () => {
  let now = 1000;
  const acks = new AckTracker(() => now);
  acks.recordLocal(5, false);
  const first = acks.mark(5);
  now += 50;
  acks.recordLocal(5, true);
  acks.recordLocal(9, false);
  assert.deepEqual(acks.unconfirmed(), { count: 3, oldestAgeMs: 50 });
  // A state vector holding our clock 9 confirms the inserts, not the delete-only update.
  assert.equal(acks.confirm('b', 0, 9), true);
  assert.equal(acks.unconfirmed().count, 1);
  assert.equal(acks.confirm('b', 0, 9), false, 'nothing new');
  // An ack for the message that carried update 1 does not cover the later delete …
  acks.confirm('c', first.seq, first.clock);
  assert.equal(acks.unconfirmed().count, 1);
  // … an ack for one sent after it does.
  acks.confirm('c', acks.mark(9).seq, 9);
  assert.deepEqual(acks.unconfirmed(), { count: 0, oldestAgeMs: null });
  acks.refuse('d');
  assert.deepEqual(
    acks.peers().map((p) => [p.peerId, p.confirmedSeq, p.confirmedClock, p.refused]),
    [
      ['b', 0, 9, 0],
      ['c', 3, 9, 0],
      ['d', 0, 0, 1],
    ],
  );
});
