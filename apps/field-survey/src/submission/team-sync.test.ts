/**
 * Submissions over the real sync layer: three devices' SyncHubs share a form's shard documents over memory
 * channels (A–B–C in a line, so B relays); a partition, the same field edited on both sides, the conflict seen on
 * every device after healing, a resolution on one device reaching all.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemoryChannelPair, SyncHub, type SyncLink } from '@offgrid/sync';
import { settle } from '@offgrid/sync/testing';
import type * as Y from 'yjs';
import { FormSubmissions } from './form-submissions.ts';

function device(name: string): { hub: SyncHub; submissions: FormSubmissions } {
  const hub = new SyncHub();
  const submissions = new FormSubmissions('household_needs', (doc) => hub.open(doc).doc as Y.Doc, {
    author: { device: `tablet-${name}`, person: name },
  });
  submissions.all(); // open every shard, so this device relays them all
  return { hub, submissions };
}

function link(x: SyncHub, y: SyncHub): [SyncLink, SyncLink] {
  const [a, b] = createMemoryChannelPair();
  return [x.attach(a, { peerId: 'y' }), y.attach(b, { peerId: 'x' })];
}

it('a conflict made across a partition shows on every device; the resolution reaches all through the relay', async () => {
  const a = device('Awa');
  const b = device('Bintou');
  const c = device('Chidi');
  try {
    const ab = link(a.hub, b.hub);
    link(b.hub, c.hub);
    const id = a.submissions.create('2026120101', { respondent_name: 'Moussa', respondent_age: 40 });
    await settle(() => c.submissions.ids().includes(id), 'the submission relayed to C through B');
    for (const l of ab) l.close();
    a.submissions.set(id, 'respondent_age', 45);
    c.submissions.set(id, 'respondent_age', 54);
    c.submissions.set(id, 'respondent_name', 'Moussa Traoré');
    await settle(() => b.submissions.view(id).values.respondent_age === 54, 'C’s edits at B');
    assert.deepEqual(a.submissions.reviewQueue(), [], 'A does not know yet');
    link(a.hub, b.hub);
    const conflicted = (s: FormSubmissions) => s.reviewQueue().length === 1;
    await settle(
      () => conflicted(a.submissions) && conflicted(b.submissions) && conflicted(c.submissions),
      'conflict everywhere',
    );
    for (const d of [a, b, c]) {
      const view = d.submissions.view(id);
      assert.equal(view.values.respondent_name, 'Moussa Traoré', 'the other field merged');
      assert.deepEqual(view.conflicts[0]?.values.map((v) => [v.value, v.by.person]).sort(), [
        [45, 'Awa'],
        [54, 'Chidi'],
      ]);
    }
    b.submissions.resolve(id, 'respondent_age', 45);
    await settle(
      () => a.submissions.reviewQueue().length === 0 && c.submissions.reviewQueue().length === 0,
      'resolved everywhere',
    );
    assert.equal(c.submissions.view(id).values.respondent_age, 45);
    assert.equal(a.submissions.view(id).fields.get('respondent_age')?.current[0]?.by.person, 'Bintou');
  } finally {
    for (const d of [a, b, c]) d.hub.destroy();
  }
});
