import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SentMark } from './ack-tracker.ts';
import { LinkAcks } from './link-acks.ts';

/** Stands in for the document: what it holds now. */
function ours(seq: number, clock: number): { mark(): SentMark } {
  return { mark: () => ({ seq, clock }) };
}

it('an ack of an update sent before our step 2 confirms nothing; the step 2 ack covers it', () => {
  const acks = new LinkAcks();
  acks.sent('update', ours(51, 51)); // streamed on top of 50 offline updates the peer lacks
  acks.sent('sync-step2', ours(51, 51));
  acks.sent('update', ours(52, 52));
  assert.equal(acks.acked(true), null, 'applied as pending structs past a hole');
  assert.deepEqual(acks.acked(true), { seq: 51, clock: 51 });
  assert.deepEqual(acks.acked(true), { seq: 52, clock: 52 });
  assert.equal(acks.acked(true), undefined, 'no message in flight');
});

it('a refusal after our step 2 ends confirmations by ack; one before it does not', () => {
  const early = new LinkAcks();
  early.sent('update', ours(3, 3));
  early.sent('sync-step2', ours(3, 3));
  assert.equal(early.acked(false), null);
  assert.deepEqual(early.acked(true), { seq: 3, clock: 3 }, 'the step 2 carried what the update lacked');

  const late = new LinkAcks();
  late.sent('sync-step2', ours(3, 3));
  late.sent('update', ours(4, 4)); // a delete a read-only peer already had: acked, but update 3 was refused
  assert.equal(late.acked(false), null);
  assert.equal(late.acked(true), null);
});

it('acks of forgotten messages (a peer 10 000 behind) confirm nothing rather than a later mark', () => {
  const acks = new LinkAcks();
  acks.sent('sync-step2', ours(1, 1));
  for (let seq = 2; seq <= 10_001; seq++) acks.sent('update', ours(seq, seq));
  assert.equal(acks.acked(true), null, 'the step 2 was forgotten');
  assert.deepEqual(acks.acked(true), { seq: 2, clock: 2 });
});
