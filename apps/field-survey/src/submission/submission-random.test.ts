/**
 * Seeded randomized merge test (the shape of Yjs' applyRandomTests): four devices edit one submission, resolve
 * conflicts, change status, and exchange updates in random pairs, directions and orders (raw updates shuffled,
 * so some arrive before what they depend on). At the end, after a full exchange, every replica must show the same
 * submission, every typed value must still be in every replica's history, only resolutions may have replaced
 * disagreeing values, and every disagreement must be in the review queue. Replay a failure with its seed.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import type { Edit } from './field-state.ts';
import { exchange, type Replica, replica } from './testing-docs.ts';

const SEEDS = [1, 2, 3, 42, 2026];
const STEPS = 300;
const FIELDS = ['f0', 'f1', 'f2', 'f3'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const seed of SEEDS)
  it(`converges with nothing lost (seed ${seed})`, () => {
    const random = mulberry32(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const replicas = [0, 1, 2, 3].map((i) => replica(`dev-${i}`, `person-${i}`, 100 + i));
    const inbox = new Map<Replica, Uint8Array[]>(replicas.map((r) => [r, []]));
    for (const r of replicas)
      r.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === 'net') return;
        for (const other of replicas) if (other !== r) inbox.get(other)?.push(update);
      });
    const [first] = replicas as [Replica];
    const id = first.store.create({ formId: 'f', formVersion: '1' }, { f0: 'start' }, 'sub-1');
    const typed: { replica: Replica; key: string; value: unknown }[] = [];
    let resolutions = 0;
    let conflictsSeen = 0;

    for (let step = 0; step < STEPS; step++) {
      for (const r of replicas) r.time += Math.floor(random() * 1000);
      const r = pick(replicas);
      const roll = random();
      if (!r.store.has(id)) {
        exchange(r, first);
        continue;
      }
      if (roll < 0.45) {
        const key = pick(FIELDS);
        const value = `v${step}`;
        const state = r.store.view(id).fields.get(key);
        if (state?.conflict) {
          conflictsSeen++;
          const choice = random() < 0.5 ? pick(state.current).v : `typed-${step}`;
          r.store.resolve(id, key, choice as string);
          resolutions++;
          typed.push({ replica: r, key, value: choice });
        } else {
          // Sometimes a save of two fields at once: one record setting both.
          const other = pick(FIELDS);
          const both = random() < 0.3 && other !== key && !r.store.view(id).fields.get(other)?.conflict;
          if (both) {
            r.store.update(id, [
              [key, value],
              [other, `${value}b`],
            ]);
            typed.push({ replica: r, key: other, value: `${value}b` });
          } else r.store.set(id, key, value);
          typed.push({ replica: r, key, value });
        }
      } else if (roll < 0.5) {
        const view = r.store.view(id);
        const status = pick(['draft', 'complete', 'reviewed'] as const);
        if (status !== 'reviewed' || view.conflicts.length === 0) r.store.setStatus(id, status);
      } else if (roll < 0.8) {
        exchange(r, pick(replicas.filter((x) => x !== r)), random() < 0.5);
      } else {
        // Raw updates, shuffled, some held back for later.
        const queue = inbox.get(r) as Uint8Array[];
        const deliver = queue.splice(0, Math.floor(random() * (queue.length + 1)));
        for (let i = deliver.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [deliver[i], deliver[j]] = [deliver[j] as Uint8Array, deliver[i] as Uint8Array];
        }
        for (const update of deliver) Y.applyUpdate(r.doc, update, 'net');
      }
    }
    for (let round = 0; round < 2; round++)
      for (const a of replicas) for (const b of replicas) if (a !== b) exchange(a, b);

    const views = replicas.map((r) => r.store.view(id));
    const canonical = (v: (typeof views)[number]) =>
      JSON.stringify({ ...v, fields: [...v.fields].sort(([x], [y]) => (x < y ? -1 : 1)) });
    for (const view of views.slice(1))
      assert.equal(
        canonical(view),
        canonical(views[0] as (typeof views)[number]),
        `seed ${seed}: replicas differ`,
      );

    const view = views[0] as (typeof views)[number];
    for (const t of typed)
      assert.ok(
        view.fields
          .get(t.key)
          ?.history.some((e) => e.v === t.value && e.by.device === `dev-${replicas.indexOf(t.replica)}`),
        `seed ${seed}: typed ${t.key}=${String(t.value)} is gone`,
      );
    for (const [key, state] of view.fields) {
      if (key === '@status') continue;
      const byId = new Map<string, Edit>(state.history.map((e) => [e.id, e]));
      // What an edit replaced of this field: its `sup` among this field's edits, less those that another of them
      // already replaced (directly or through edits in between): a save of several fields lists every field's
      // current edits, and an edit that was current for one field may be long replaced for another.
      const below = (id: string, seen = new Set<string>()): Set<string> => {
        for (const s of byId.get(id)?.sup ?? [])
          if (byId.has(s) && !seen.has(s)) {
            seen.add(s);
            below(s, seen);
          }
        return seen;
      };
      for (const edit of state.history) {
        if (edit.r) continue;
        const direct = edit.sup.filter((s) => byId.has(s));
        const current = direct.filter((s) => !direct.some((o) => o !== s && below(o).has(s)));
        const replaced = new Set(current.map((s) => JSON.stringify(byId.get(s)?.v)));
        assert.ok(
          replaced.size <= 1,
          `seed ${seed}: plain edit ${edit.id} of ${key} replaced ${[...replaced]}`,
        );
      }
    }
    const queue = new Set(replicas[1]?.store.reviewQueue().flatMap((q) => q.conflicts.map((c) => c.key)));
    for (const [key, state] of view.fields) {
      const values = new Set(state.current.map((e) => JSON.stringify(e.v)));
      if (key !== '@status' && values.size > 1)
        assert.ok(queue.has(key), `seed ${seed}: ${key} disagrees, not in queue`);
      if (key !== '@status') assert.equal(state.conflict, values.size > 1);
    }
    assert.ok(conflictsSeen > 0 && resolutions > 0, `seed ${seed}: the run made no conflict to resolve`);
  });
