import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { settle } from '../testing/settle.ts';
import { type DeleteSet, encodeChangesSince, type KnownState } from './changes-since.ts';
import { SyncHub } from './sync-hub.ts';

/** A replica kept in step by the messages alone, as a peer is. */
function follow(source: Y.Doc): { replica: Y.Doc; tick: () => Uint8Array } {
  const replica = new Y.Doc();
  const known: KnownState = new Map();
  const deletes: DeleteSet[] = [];
  source.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.deleteSet.clients.size > 0) deletes.push(transaction.deleteSet);
  });
  return {
    replica,
    tick: () => {
      const update = encodeChangesSince(source, known, deletes);
      deletes.length = 0;
      Y.applyUpdate(replica, update);
      return update;
    },
  };
}

it('brings a replica to the same content tick by tick: inserts, deletes, map sets, from several clients', () => {
  const doc = new Y.Doc();
  const other = new Y.Doc();
  const { replica, tick } = follow(doc);
  const text = doc.getText('t');
  text.insert(0, 'hello world');
  doc.getMap('m').set('k', 1);
  tick();
  text.delete(0, 6);
  text.insert(5, '!');
  other.getText('t').insert(0, 'other ');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
  tick();
  assert.equal(replica.getText('t').toString(), text.toString());
  assert.deepEqual(replica.getMap('m').toJSON(), { k: 1 });
  assert.deepEqual(Y.encodeStateVector(replica), Y.encodeStateVector(doc));
  assert.ok(
    Y.equalDeleteSets(
      Y.createDeleteSetFromStructStore(replica.store),
      Y.createDeleteSetFromStructStore(doc.store),
    ),
  );
});

it('sends a deletion alone as an update with no structs, and nothing at all for an idle tick', () => {
  const doc = new Y.Doc();
  const { replica, tick } = follow(doc);
  doc.getText('t').insert(0, 'abcdef');
  tick();
  assert.deepEqual([...tick()], [0, 0], 'nothing new: no structs, no deletions');
  doc.getText('t').delete(1, 2);
  const update = tick();
  assert.equal(Y.decodeUpdate(update).structs.length, 0);
  assert.equal(replica.getText('t').toString(), 'adef');
});

it('carries only the tick’s deletions, not the document’s whole delete set', () => {
  const doc = new Y.Doc();
  const { tick } = follow(doc);
  const text = doc.getText('t');
  for (let i = 0; i < 200; i++) text.insert(text.length, `w${i} `);
  for (let i = 0; i < 100; i++) text.delete(i * 2, 1);
  tick();
  const before = Y.encodeStateVector(doc);
  text.insert(0, 'x');
  const update = tick();
  assert.equal(Y.decodeUpdate(update).ds.clients.size, 0);
  const yjsDiff = Y.encodeStateAsUpdate(doc, before);
  assert.ok(update.length + 100 < yjsDiff.length, `${update.length} bytes, Yjs's diff ${yjsDiff.length}`);
});

it('lets hubs relay through a chain without ever asking Yjs for per-transaction updates', async () => {
  const hubs = [new SyncHub(), new SyncHub(), new SyncHub()];
  const docs = hubs.map((hub) => hub.open('doc').doc);
  for (const [i, j] of [
    [0, 1],
    [1, 2],
  ] as const) {
    const [a, b] = createMemoryChannelPair();
    hubs[i]?.attach(a, { peerId: `h${j}` });
    hubs[j]?.attach(b, { peerId: `h${i}` });
  }
  const [first, , last] = docs as [Y.Doc, Y.Doc, Y.Doc];
  try {
    first.getText('t').insert(0, 'hello world');
    last.getText('t').insert(0, '> ');
    first.getText('t').delete(0, 1);
    // The two concurrent inserts at 0 are ordered by client id: either order, but the same everywhere.
    const same = () => docs.every((doc) => doc.getText('t').toString() === first.getText('t').toString());
    await settle(() => same() && first.getText('t').length === 12, 'relayed');
    assert.ok(['> ello world', 'ello world> '].includes(first.getText('t').toString()));
    // lib0's Observable keeps its listeners here; with none on 'update', Yjs encodes no update per transaction.
    for (const doc of docs) {
      const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
      assert.equal(observers.get('update')?.size ?? 0, 0);
    }
  } finally {
    for (const hub of hubs) hub.destroy();
  }
});
