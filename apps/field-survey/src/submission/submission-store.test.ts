import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as Y from 'yjs';
import { SubmissionError } from '../errors.ts';
import type { RepeatInstance } from '../form/form-model.ts';
import { SubmissionStore } from './submission-store.ts';
import { diff, exchange, type Replica, replica } from './testing-docs.ts';

const FORM = { formId: 'household_needs', formVersion: '2026120101' };

/** A on device A (Awa), B (Bintou), C (Chidi), with one submission made on A and synced to all. */
function team(): { a: Replica; b: Replica; c: Replica; id: string } {
  const a = replica('tablet-a', 'Awa', 1);
  const b = replica('tablet-b', 'Bintou', 2);
  const c = replica('tablet-c', 'Chidi', 3);
  const id = a.store.create(FORM, { respondent_name: 'Moussa', respondent_age: 40 }, 'sub-1');
  exchange(a, b);
  exchange(a, c);
  return { a, b, c, id };
}

const sameEverywhere = (...replicas: Replica[]) => {
  const [first, ...rest] = replicas.map((r) =>
    JSON.stringify(r.store.view('sub-1'), (_k, v) => (v instanceof Map ? [...v] : v)),
  );
  for (const other of rest) assert.equal(other, first, 'replicas differ');
};

describe('submissions: per-field merge', () => {
  it('records who and when, status draft, form version', () => {
    const { a, b, id } = team();
    const view = b.store.view(id);
    assert.equal(view.status, 'draft');
    assert.deepEqual(view.meta.createdBy, { device: 'tablet-a', person: 'Awa' });
    assert.equal(view.meta.formVersion, '2026120101');
    assert.equal(view.values.respondent_name, 'Moussa');
    a.time = 5_000;
    a.store.set(id, 'respondent_age', 41);
    const state = a.store.view(id).fields.get('respondent_age');
    assert.deepEqual(
      state?.history.map((e) => [e.v, e.by.person, e.at]),
      [
        [40, 'Awa', 1_000],
        [41, 'Awa', 5_000],
      ],
    );
  });

  for (const reverse of [false, true])
    it(`concurrent edits of different fields merge (${reverse ? 'B first' : 'A first'})`, () => {
      const { a, b, id } = team();
      a.store.set(id, 'respondent_age', 42);
      b.store.set(id, 'respondent_name', 'Moussa Traoré');
      b.store.set(id, 'phone', '+226 70 00 00 01');
      exchange(a, b, reverse);
      for (const r of [a, b]) {
        const view = r.store.view(id);
        assert.deepEqual(view.conflicts, []);
        assert.equal(view.values.respondent_age, 42);
        assert.equal(view.values.respondent_name, 'Moussa Traoré');
        assert.equal(view.values.phone, '+226 70 00 00 01');
      }
      sameEverywhere(a, b);
    });
});

describe('submissions: concurrent edits of one field keep every value', () => {
  for (const reverse of [false, true])
    it(`two devices, one field: a conflict on both, with both values, authors and times (${reverse ? 'B first' : 'A first'})`, () => {
      const { a, b, id } = team();
      a.time = 2_000;
      a.store.set(id, 'respondent_age', 45);
      b.time = 3_000;
      b.store.set(id, 'respondent_age', 54);
      exchange(a, b, reverse);
      for (const r of [a, b]) {
        const [conflict, ...more] = r.store.view(id).conflicts;
        assert.deepEqual(more, []);
        assert.equal(conflict?.key, 'respondent_age');
        assert.deepEqual(
          conflict?.values.map((v) => [v.value, v.by.person, v.by.device, v.at]),
          [
            [54, 'Bintou', 'tablet-b', 3_000],
            [45, 'Awa', 'tablet-a', 2_000],
          ],
        );
        assert.deepEqual(
          r.store.reviewQueue().map((q) => q.id),
          [id],
        );
        assert.throws(
          () => r.store.set(id, 'respondent_age', 50),
          (e: unknown) => e instanceof SubmissionError && e.code === 'field-in-conflict',
        );
        assert.throws(() => r.store.setStatus(id, 'reviewed'), /resolve them before review/);
      }
      sameEverywhere(a, b);
    });

  it('a reviewer picks a value; the resolution syncs and ends the conflict everywhere', () => {
    const { a, b, c, id } = team();
    a.store.set(id, 'respondent_age', 45);
    b.store.set(id, 'respondent_age', 54);
    exchange(a, b);
    exchange(b, c);
    c.time = 9_000;
    c.store.resolve(id, 'respondent_age', 54);
    exchange(c, a, true);
    exchange(c, b);
    for (const r of [a, b, c]) {
      const view = r.store.view(id);
      assert.deepEqual(view.conflicts, []);
      assert.equal(view.values.respondent_age, 54);
      assert.deepEqual(r.store.reviewQueue(), []);
      const history = view.fields.get('respondent_age')?.history ?? [];
      assert.deepEqual(
        history.map((e) => e.v),
        [40, 45, 54, 54],
        'every value stays in the history',
      );
      assert.equal(history.at(-1)?.r, true);
      assert.equal(history.at(-1)?.by.person, 'Chidi');
    }
    sameEverywhere(a, b, c);
  });

  it('a reviewer may type a value of their own', () => {
    const { a, b, id } = team();
    a.store.set(id, 'respondent_name', 'Mousa');
    b.store.set(id, 'respondent_name', 'Moussa T.');
    exchange(a, b);
    b.store.resolve(id, 'respondent_name', 'Moussa Traoré');
    exchange(a, b);
    assert.equal(a.store.view(id).values.respondent_name, 'Moussa Traoré');
    assert.deepEqual(a.store.view(id).conflicts, []);
  });

  for (const order of ['abc', 'cba', 'bca'])
    it(`three devices, one field: three values, in any order of arrival (${order})`, () => {
      const { a, b, c, id } = team();
      a.store.set(id, 'respondent_age', 41);
      b.store.set(id, 'respondent_age', 42);
      c.store.set(id, 'respondent_age', 43);
      const r = { a, b, c } as Record<string, Replica>;
      const [x, y, z] = order.split('').map((k) => r[k] as Replica) as [Replica, Replica, Replica];
      exchange(x, y);
      exchange(y, z, true);
      exchange(z, x);
      exchange(x, y);
      for (const rep of [a, b, c])
        assert.deepEqual(
          rep.store
            .view(id)
            .conflicts[0]?.values.map((v) => v.value)
            .sort(),
          [41, 42, 43],
        );
      sameEverywhere(a, b, c);
    });

  it('the same value typed on two devices is no conflict', () => {
    const { a, b, id } = team();
    a.store.set(id, 'respondent_age', 44);
    b.store.set(id, 'respondent_age', 44);
    exchange(a, b);
    assert.deepEqual(a.store.view(id).conflicts, []);
    assert.equal(a.store.view(id).values.respondent_age, 44);
  });

  it('an edit after the resolution (having seen it) replaces it: no conflict', () => {
    const { a, b, c, id } = team();
    a.store.set(id, 'respondent_age', 45);
    b.store.set(id, 'respondent_age', 54);
    exchange(a, b);
    exchange(b, c);
    c.store.resolve(id, 'respondent_age', 50);
    exchange(c, a);
    a.store.set(id, 'respondent_age', 51);
    exchange(a, b);
    exchange(b, c);
    for (const r of [a, b, c]) {
      assert.deepEqual(r.store.view(id).conflicts, []);
      assert.equal(r.store.view(id).values.respondent_age, 51);
    }
  });

  for (const reverse of [false, true])
    it(`an edit made while the resolution was made elsewhere is not swallowed: a new conflict (${reverse ? 'resolution first' : 'edit first'})`, () => {
      const { a, b, c, id } = team();
      const d = replica('tablet-d', 'Dado', 4);
      Y.applyUpdate(d.doc, Y.encodeStateAsUpdate(a.doc)); // D has the submission from before the conflict
      a.store.set(id, 'respondent_age', 45);
      b.store.set(id, 'respondent_age', 54);
      exchange(a, b);
      exchange(b, c);
      c.store.resolve(id, 'respondent_age', 50);
      d.store.set(id, 'respondent_age', 47); // offline all along: a plain edit of 40
      exchange(c, d, reverse);
      exchange(c, a);
      exchange(c, b);
      exchange(a, d);
      for (const r of [a, b, c, d]) {
        const [conflict] = r.store.view(id).conflicts;
        assert.deepEqual(conflict?.values.map((v) => [v.value, v.by.person]).sort(), [
          [47, 'Dado'],
          [50, 'Chidi'],
        ]);
      }
      sameEverywhere(a, b, c, d);
      d.store.resolve(id, 'respondent_age', 47);
      exchange(d, a);
      assert.equal(a.store.view(id).values.respondent_age, 47);
      assert.deepEqual(a.store.view(id).conflicts, []);
    });

  it('an edit of a value that was still changing on its own device meets a resolution of the older value', () => {
    const { a, b, c, id } = team();
    a.store.set(id, 'respondent_age', 45);
    b.store.set(id, 'respondent_age', 54);
    exchange(b, c);
    Y.applyUpdate(c.doc, diff(a, c)); // C sees 45 and 54
    c.store.resolve(id, 'respondent_age', 54);
    a.store.set(id, 'respondent_age', 46); // A, not having seen 54, corrects its own 45
    exchange(a, c);
    exchange(a, b);
    exchange(b, c);
    for (const r of [a, b, c])
      assert.deepEqual(
        r.store
          .view(id)
          .conflicts[0]?.values.map((v) => v.value)
          .sort(),
        [46, 54],
      );
  });
});

describe('submissions: repeat groups', () => {
  it('instances added concurrently on two devices are both kept, in creation order', () => {
    const { a, b, id } = team();
    a.time = 2_000;
    const ka = a.store.addInstance(id, 'members');
    a.store.set(id, { instances: [{ repeat: 'members', key: ka }], name: 'member_name' }, 'Aminata');
    b.time = 3_000;
    const kb = b.store.addInstance(id, 'members');
    b.store.set(id, { instances: [{ repeat: 'members', key: kb }], name: 'member_name' }, 'Boubacar');
    exchange(a, b, true);
    for (const r of [a, b]) {
      const members = r.store.view(id).values.members as readonly RepeatInstance[];
      assert.deepEqual(
        members.map((m) => m.values.member_name),
        ['Aminata', 'Boubacar'],
      );
      assert.deepEqual(r.store.view(id).conflicts, []);
    }
  });

  it('an instance removed on one device while a field in it was edited on another: a conflict, not a loss', () => {
    const { a, b, id } = team();
    const k = a.store.addInstance(id, 'members');
    const at = { instances: [{ repeat: 'members', key: k }], name: 'member_age' };
    a.store.set(id, at, 30);
    exchange(a, b);
    a.store.removeInstance(id, at.instances);
    b.store.set(id, at, 31);
    exchange(a, b);
    for (const r of [a, b]) {
      const view = r.store.view(id);
      assert.equal(view.conflicts.length, 1);
      assert.equal(view.conflicts[0]?.key, `members#${k}`);
      assert.equal(
        (view.values.members as readonly RepeatInstance[])[0]?.values.member_age,
        31,
        'still shown',
      );
    }
    b.store.resolve(id, `members#${k}`, null); // the reviewer confirms the removal
    exchange(a, b);
    assert.deepEqual(a.store.view(id).conflicts, []);
    assert.equal(a.store.view(id).values.members, undefined);
    assert.throws(
      () => a.store.set(id, at, 32),
      (e: unknown) => e instanceof SubmissionError && e.code === 'instance-unknown',
    );
  });

  it('a removal that saw every edit is no conflict', () => {
    const { a, b, id } = team();
    const k = a.store.addInstance(id, 'members');
    a.store.set(id, { instances: [{ repeat: 'members', key: k }], name: 'member_age' }, 30);
    exchange(a, b);
    b.store.removeInstance(id, [{ repeat: 'members', key: k }]);
    exchange(a, b);
    assert.deepEqual(a.store.view(id).conflicts, []);
    assert.equal(a.store.view(id).values.members, undefined);
  });
});

describe('submissions: status and review', () => {
  it('draft → complete → reviewed; an edit the reviewer had not seen sends it back to review', () => {
    const { a, b, id } = team();
    a.store.setStatus(id, 'complete');
    exchange(a, b);
    b.store.setStatus(id, 'reviewed');
    a.store.set(id, 'phone', '+226 70 11 22 33'); // concurrently with the review
    exchange(a, b);
    for (const r of [a, b]) {
      const view = r.store.view(id);
      assert.equal(view.status, 'complete');
      assert.equal(view.reviewStale, true);
      assert.deepEqual(
        r.store.reviewQueue().map((q) => [q.id, q.reviewStale]),
        [[id, true]],
      );
    }
    b.store.setStatus(id, 'reviewed');
    exchange(a, b);
    assert.equal(a.store.view(id).status, 'reviewed');
    assert.deepEqual(a.store.reviewQueue(), []);
  });

  it('refuses unknown submissions and fields with typed errors', () => {
    const { a, id } = team();
    assert.throws(
      () => a.store.set('nope', 'x', 1),
      (e: unknown) => e instanceof SubmissionError && e.code === 'submission-unknown',
    );
    assert.throws(
      () => a.store.resolve(id, 'never_set', 1),
      (e: unknown) => e instanceof SubmissionError && e.code === 'field-unknown',
    );
    assert.throws(
      () => a.store.create(FORM, {}, id),
      (e: unknown) => e instanceof SubmissionError && e.code === 'submission-exists',
    );
  });

  it('malformed edits from a peer are ignored, not fatal', () => {
    const { a, b, id } = team();
    const entry = b.doc.getMap('submissions').get(id) as Y.Map<unknown>;
    entry.set('junk', 42);
    entry.set('junk2', { k: 3 });
    exchange(a, b);
    assert.equal(a.store.view(id).values.respondent_name, 'Moussa');
  });
});

describe('submissions: saves and authors', () => {
  it('a save of several fields is one record; unchanged fields are left out', () => {
    const { a, id } = team();
    const entry = a.doc.getMap('submissions').get(id) as Y.Map<unknown>;
    const before = entry.size;
    a.store.update(id, [
      ['respondent_age', 41],
      ['phone', '+226 70 00 00 02'],
      ['respondent_name', 'Moussa'],
    ]);
    assert.equal(entry.size, before + 1);
    assert.equal(a.store.view(id).values.phone, '+226 70 00 00 02');
    assert.equal(
      a.store.view(id).fields.get('respondent_name')?.history.length,
      1,
      'unchanged: not rewritten',
    );
  });

  it('the author is registered once per client; another person on the same document is recorded on the edit', () => {
    const { a, b, id } = team();
    const second = new SubmissionStore(a.doc, { author: { device: 'tablet-a', person: 'Adama' } });
    second.set(id, 'phone', '+226 70 00 00 03');
    a.store.set(id, 'comments', 'seen');
    exchange(a, b);
    const view = b.store.view(id);
    assert.equal(view.fields.get('phone')?.current[0]?.by.person, 'Adama');
    assert.equal(view.fields.get('comments')?.current[0]?.by.person, 'Awa');
    assert.deepEqual((a.doc.getMap('authors').toJSON() as Record<string, unknown>)[(1).toString(36)], {
      device: 'tablet-a',
      person: 'Awa',
    });
  });
});
