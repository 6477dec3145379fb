import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import { HeldRanges, structRanges } from './held-ranges.ts';

it('states only what is held from clock 0 without a hole, and fills holes in any order', () => {
  const held = new HeldRanges();
  held.add({ client: 7, from: 50, to: 51 }); // acknowledged, but built on 0..50 the holder lacks
  held.add({ client: 7, from: 51, to: 60 });
  assert.deepEqual([...held.stateVector()], []);
  held.addVector(new Map([[7, 20]]));
  assert.deepEqual([...held.stateVector()], [[7, 20]]);
  held.add({ client: 7, from: 30, to: 40 });
  held.add({ client: 7, from: 20, to: 30 }); // touches both neighbours: one range 0..40
  assert.deepEqual([...held.stateVector()], [[7, 40]]);
  held.add({ client: 7, from: 35, to: 55 }); // overlaps the range past the hole: 0..60
  held.add({ client: 9, from: 0, to: 0 }); // empty: nothing
  assert.deepEqual([...held.stateVector()], [[7, 60]]);
});

it('keeps at most 1024 separate ranges a client, forgetting (never inventing) the rest', () => {
  const held = new HeldRanges();
  for (let i = 1; i <= 2000; i++) held.add({ client: 1, from: 2 * i, to: 2 * i + 1 });
  for (let i = 0; i <= 2000; i++) held.add({ client: 1, from: 2 * i + 1, to: 2 * i + 2 });
  held.add({ client: 1, from: 0, to: 1 });
  const reached = held.stateVector().get(1) ?? 0;
  assert.ok(reached >= 2 * 1024 && reached < 4000, `reached ${reached}`);
});

it('reads the struct ranges of an update, leaving out the hole of a merged update with pending structs', () => {
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 10; i++) source.getArray('a').push([i]);
  const client = source.clientID;
  assert.deepEqual(structRanges(Y.encodeStateAsUpdate(source)), [{ client, from: 0, to: 10 }]);
  const holder = new Y.Doc();
  for (const update of [...updates.slice(0, 3), ...updates.slice(6)]) Y.applyUpdate(holder, update);
  // Integrated 0..3, pending 6..10: the holder's full state says both, with a Skip between them.
  assert.deepEqual(Y.parseUpdateMeta(Y.encodeStateAsUpdate(holder)).to.get(client), 10);
  assert.deepEqual(structRanges(Y.encodeStateAsUpdate(holder)), [
    { client, from: 0, to: 3 },
    { client, from: 6, to: 10 },
  ]);
  assert.deepEqual(structRanges(new Uint8Array([1, 2, 3])), []);
});
