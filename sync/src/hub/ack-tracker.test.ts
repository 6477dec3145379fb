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

it('tracks what the server holds apart from peers; a delete-only update once something later is there', () => {
  let now = 1000;
  const acks = new AckTracker(() => now);
  acks.recordLocal(5, false); // at 1000, clock → 5
  now = 2000;
  acks.recordLocal(5, true); // delete-only at 2000
  now = 3000;
  acks.recordLocal(9, false); // at 3000, clock → 9
  acks.confirm('peer', 3, 9); // peers confirming is not the server
  assert.deepEqual(acks.serverStatus(), {
    pending: 3,
    oldestPendingAgeMs: 2000,
    confirmedAt: null,
    upTo: null,
  });
  // The server holds our clock 5: the first insert, not the delete made after it.
  assert.equal(acks.confirmServer(5, 3100), true);
  assert.deepEqual(acks.serverStatus(), {
    pending: 2,
    oldestPendingAgeMs: 1000,
    confirmedAt: 3100,
    upTo: 1000,
  });
  assert.equal(acks.confirmServer(5, 3100), false, 'nothing new');
  assert.equal(acks.confirmServer(4, 9999), false, 'an older state');
  // Clock 9: the server holds what we made after the delete, so the delete too (causal order per client).
  assert.equal(acks.confirmServer(9, 3200), true);
  assert.deepEqual(acks.serverStatus(), {
    pending: 0,
    oldestPendingAgeMs: null,
    confirmedAt: 3200,
    upTo: 3200,
  });
  assert.equal(acks.confirmServer(9, 4000), true, 'a later confirmation of the same state moves the time');
  assert.equal(acks.serverStatus().confirmedAt, 4000);
});
