/**
 * The data model over real workspaces (memory stores) joined by a memory channel: the list, titles, search and
 * the bin converge on both sides, concurrent edits and a concurrent delete all survive, a malformed index entry
 * from a peer is ignored, and a replica following the index carries every note.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MemoryDocumentStore, openWorkspace, type Workspace } from '@offgrid/framework';
import { createMemoryChannelPair, SyncHub } from '@offgrid/sync';
import { until } from '@offgrid/transport-lp2p/testing/until';
import * as Y from 'yjs';
import { followNotes } from './follow-notes.ts';
import { indexDocument, noteDocument } from './notes-index.ts';
import { NotesLibrary } from './notes-library.ts';

const workspace = () => openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });

function link(a: Workspace, b: Workspace): void {
  const [left, right] = createMemoryChannelPair();
  a.attach(left, { peerId: 'b' });
  b.attach(right, { peerId: 'a' });
}

it('lists, titles, searches and bins notes, newest edit first', async () => {
  let now = 1000;
  const library = new NotesLibrary(workspace(), { now: () => now });
  await library.ready;
  const shopping = library.create();
  library.body(shopping).insert(0, 'Shopping\nmilk and Bread');
  now = 2000;
  const trip = library.create();
  library.body(trip).insert(0, '# Trip\nLisbon by train');
  assert.deepEqual(
    library.notes().map((note) => note.title),
    ['Trip', 'Shopping'],
  );
  now = 3000;
  library.body(shopping).insert(library.body(shopping).length, '\neggs');
  assert.deepEqual(
    library.notes().map((note) => note.title),
    ['Shopping', 'Trip'],
    'an edit moves a note to the top at once',
  );
  assert.deepEqual(
    library.search('BREAD milk').map((note) => note.id),
    [shopping],
  );
  assert.deepEqual(
    library.search('trip').map((note) => note.id),
    [trip],
  );
  assert.deepEqual(library.search('').length, 2);
  assert.deepEqual(library.search('bread lisbon'), [], 'every word must match');

  library.delete(trip);
  assert.deepEqual(
    library.notes().map((note) => note.id),
    [shopping],
  );
  assert.deepEqual(
    library.notes({ bin: true }).map((note) => [note.id, note.deletedAt]),
    [[trip, 3000]],
  );
  assert.deepEqual(library.search('lisbon'), []);
  assert.deepEqual(
    library.search('lisbon', { bin: true }).map((note) => note.id),
    [trip],
  );
  library.restore(trip);
  assert.equal(library.notes().length, 2);
  assert.equal(library.text(trip), '# Trip\nLisbon by train', 'nothing lost in the bin');
  library.close();
  await library.workspace.close();
});

it('converges between two devices: the list, concurrent edits, and a delete during an edit', async () => {
  const [wa, wb] = [workspace(), workspace()];
  const [a, b] = [new NotesLibrary(wa), new NotesLibrary(wb)];
  await Promise.all([a.ready, b.ready]);
  link(wa, wb);
  const id = a.create();
  a.body(id).insert(0, 'Plan\n');
  await until(() => b.text(id) === 'Plan\n', 'the note on B');
  assert.equal(b.notes()[0]?.title, 'Plan');

  // Both type at once, then A moves the note to the bin while B is still typing: all of it is kept.
  a.body(id).insert(a.body(id).length, 'from A\n');
  b.body(id).insert(0, 'Big ');
  a.delete(id);
  b.body(id).insert(b.body(id).length, 'from B\n');
  await until(() => a.text(id) === b.text(id) && b.notes({ bin: true }).length === 1, 'convergence');
  assert.equal(a.notes({ bin: true })[0]?.title, 'Big Plan');
  for (const part of ['Big Plan', 'from A', 'from B']) assert.ok(a.text(id).includes(part), part);
  b.restore(id);
  await until(() => a.notes().length === 1, 'the restore on A');
  a.close();
  b.close();
  await Promise.all([wa.close(), wb.close()]);
});

it('ignores malformed entries a peer writes into the index', async () => {
  const library = new NotesLibrary(workspace());
  await library.ready;
  const notes = library.workspace.doc(indexDocument).getMap('notes');
  notes.set('../../etc', new Y.Map());
  notes.set('0a1b2c3d-aaaa-bbbb-cccc-000000000000', 'not a map');
  const good = new Y.Map<unknown>([
    ['created', 'yesterday'],
    ['updated', Number.NaN],
    ['deletedAt', { evil: true }],
  ]);
  notes.set('0a1b2c3d-aaaa-bbbb-cccc-111111111111', good);
  assert.deepEqual(library.index.entries(), [
    { id: '0a1b2c3d-aaaa-bbbb-cccc-111111111111', created: 0, updated: 0, deletedAt: null },
  ]);
  assert.deepEqual(
    (await library.workspace.list()).filter((name) => name.includes('etc')),
    [],
    'no document is opened for a malformed id',
  );
  assert.equal(library.notes().length, 1);
  library.close();
  await library.workspace.close();
});

it('followNotes opens the index and every note it lists, so a relay carries them all', async () => {
  const relay = new SyncHub();
  const stop = followNotes((name) => relay.open(name).doc);
  const [wa, wb] = [workspace(), workspace()];
  for (const [side, peer] of [
    [wa, 'a'],
    [wb, 'b'],
  ] as const) {
    const [left, right] = createMemoryChannelPair();
    side.attach(left, { peerId: 'relay' });
    relay.attach(right, { peerId: peer });
  }
  const [a, b] = [new NotesLibrary(wa), new NotesLibrary(wb)];
  await Promise.all([a.ready, b.ready]);
  const id = a.create();
  a.body(id).insert(0, 'Through the relay');
  await until(() => b.text(id) === 'Through the relay', 'the body on B, through the relay');
  assert.ok(relay.get(noteDocument(id)), 'the relay opened the note');
  stop();
  a.close();
  b.close();
  relay.destroy();
  await Promise.all([wa.close(), wb.close()]);
});
