import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryChannelPair } from '@offgrid/sync';
import * as Y from 'yjs';
import { MemoryDocumentStore } from '../store/memory-store.ts';
import { statusUntil } from './testing/status-until.ts';
import { openWorkspace, type Workspace } from './workspace.ts';

/** The same logs behind a new handle (close() of a workspace closes its store). */
const reopen = (store: MemoryDocumentStore) => store.reopen();

const text = (workspace: Workspace, name: string) => workspace.doc(name).getText('body').toString();

describe('Workspace', () => {
  it('gives a usable Y.Doc at once, and reopening from the store gives the same content', async () => {
    const store = new MemoryDocumentStore();
    const first = openWorkspace({ appId: 'notes', store });
    const doc = first.doc('a');
    assert.equal(first.doc('a'), doc, 'the same Y.Doc on every call');
    doc.getText('body').insert(0, 'hello');
    doc.getMap('meta').set('title', 'Greeting');
    await first.whenLoaded('a');
    doc.getText('body').insert(5, ' world');
    await first.whenSaved();
    assert.deepEqual(await first.list(), ['a']);

    const second = openWorkspace({ appId: 'notes', store });
    await second.whenLoaded('a');
    assert.equal(text(second, 'a'), 'hello world');
    assert.equal(second.doc('a').getMap('meta').get('title'), 'Greeting');
    assert.deepEqual(
      Y.encodeStateVector(second.doc('a')),
      Y.encodeStateVector(doc),
      'same state vector: nothing lost, nothing doubled',
    );
    await Promise.all([first.close(), second.close()]);
  });

  it('syncs two workspaces over a memory channel, both ways, and persists what arrives', async () => {
    const [storeA, storeB] = [new MemoryDocumentStore(), new MemoryDocumentStore()];
    const a = openWorkspace({ appId: 'notes', store: storeA });
    const b = openWorkspace({ appId: 'notes', store: storeB });
    a.doc('n').getText('body').insert(0, 'from A. ');
    await Promise.all([a.whenLoaded('n'), b.whenLoaded('n')]);
    const [x, y] = createMemoryChannelPair();
    a.attach(x, { peerId: 'b' });
    b.attach(y, { peerId: 'a' });
    b.doc('n').getText('body').insert(0, 'from B. ');
    await statusUntil(a, (s) => s.documents[0]?.notOnAnyPeer.count === 0, 2000);
    await statusUntil(b, (s) => s.documents[0]?.notOnAnyPeer.count === 0, 2000);
    assert.equal(text(a, 'n'), text(b, 'n'));
    assert.match(text(a, 'n'), /from A\./);
    assert.match(text(a, 'n'), /from B\./);
    await b.whenSaved();
    const reopened = openWorkspace({ appId: 'notes', store: storeB });
    await reopened.whenLoaded('n');
    assert.equal(text(reopened, 'n'), text(a, 'n'), "A's change came to B's store through sync");
    await Promise.all([a.close(), b.close(), reopened.close()]);
  });

  it('reports offline → nearby only → online → offline, and what is not yet on a peer or the server', async () => {
    let now = 1_000_000;
    const hub = { now: () => now };
    const a = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore(), hub });
    const peer = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
    const server = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
    await Promise.all([a.whenLoaded('n'), peer.whenLoaded('n'), server.whenLoaded('n')]);
    assert.equal(a.status().connectivity, 'offline');

    a.doc('n').getText('body').insert(0, 'one');
    now += 5000;
    a.doc('n').getText('body').insert(3, ' two');
    const offline = await statusUntil(
      a,
      (s) => s.documents[0]?.notOnAnyPeer.count === 2 && s.documents[0]?.unsaved === 0,
      2000,
    );
    assert.deepEqual(offline.documents[0], {
      name: 'n',
      loaded: true,
      unsaved: 0,
      notOnAnyPeer: { count: 2, oldestAgeMs: 5000 },
      notOnServer: { count: 2, oldestAgeMs: 5000 },
      lastServerConfirmation: null,
      serverUpTo: null,
    });

    const [x, y] = createMemoryChannelPair();
    a.attach(x, { peerId: 'peer' });
    peer.attach(y, { peerId: 'a' });
    const nearby = await statusUntil(
      a,
      (s) => s.connectivity === 'nearby only' && s.documents[0]?.notOnAnyPeer.count === 0,
      2000,
    );
    assert.equal(nearby.nearbyPeers, 1);
    assert.equal(nearby.documents[0]?.lastServerConfirmation, null);

    // The peer is a gateway that saw the server confirm what it holds: the confirmation reaches A over the LAN.
    peer.confirmations.confirm('n', {
      stateVector: Y.decodeStateVector(Y.encodeStateVector(peer.doc('n'))),
      at: now,
    });
    const relayed = await statusUntil(a, (s) => s.documents[0]?.lastServerConfirmation === now, 2000);
    assert.deepEqual(relayed.documents[0]?.notOnServer, { count: 0, oldestAgeMs: null });
    assert.equal(relayed.connectivity, 'nearby only');

    const [toServer, fromA] = createMemoryChannelPair();
    const serverLink = a.attach(toServer, { peerId: 'server', server: true, token: 't' });
    server.hub.attach(fromA, { peerId: 'a', role: 'server' });
    await statusUntil(a, (s) => s.connectivity === 'online' && text(server, 'n') === 'one two', 2000);

    serverLink.close();
    await statusUntil(a, (s) => s.connectivity === 'nearby only', 2000);
    x.close();
    await statusUntil(a, (s) => s.connectivity === 'offline', 2000);
    await Promise.all([a.close(), peer.close(), server.close()]);
  });

  it('shows names and colours of the people on a document', async () => {
    const a = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
    const b = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
    const [pa, pb] = await Promise.all([a.presence('n'), b.presence('n')]);
    const [x, y] = createMemoryChannelPair();
    a.attach(x, { peerId: 'b' });
    b.attach(y, { peerId: 'a' });
    const seen = new Promise<string[]>((resolve) => {
      const stop = pb.onChange((people) => {
        const others = people.filter((p) => !p.self).map((p) => `${p.name} ${p.color}`);
        if (others.length > 0) {
          stop();
          resolve(others);
        }
      });
    });
    pa.set({ name: 'Ada', color: '#112233' });
    pb.set({ name: 'Grace' });
    assert.deepEqual(await seen, ['Ada #112233']);
    assert.equal(pb.people().find((p) => p.self)?.name, 'Grace');
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps every update appended while a compaction runs', async () => {
    const store = new MemoryDocumentStore();
    const a = openWorkspace({ appId: 'notes', store, compactAfter: 1_000_000 });
    const body = a.doc('n').getText('body');
    await a.whenLoaded('n');
    for (let i = 0; i < 500; i++) body.insert(body.length, `${i % 10}`);
    await a.whenSaved();
    const compacting = a.compact('n');
    for (let i = 0; i < 50; i++) body.insert(body.length, 'x');
    await compacting;
    await a.whenSaved();
    const { updates } = await store.load('n');
    assert.equal(updates.length, 51, 'one merged update and the 50 appended during compaction');
    const reopened = openWorkspace({ appId: 'notes', store });
    await reopened.whenLoaded('n');
    assert.equal(text(reopened, 'n'), body.toString());
    assert.equal(body.length, 550);
    await Promise.all([a.close(), reopened.close()]);
  });

  it('compacts a long log when it opens the document and in the background as updates accumulate', async () => {
    const store = new MemoryDocumentStore();
    const a = openWorkspace({ appId: 'notes', store, compactAfter: 1_000_000 });
    const body = a.doc('n').getText('body');
    for (let i = 0; i < 30; i++) body.insert(i, 'k');
    await a.close();
    const store2 = reopen(store);
    assert.equal((await store2.load('n')).updates.length, 30);
    const b = openWorkspace({ appId: 'notes', store: store2, compactAfter: 20 });
    await b.whenLoaded('n');
    await b.compact('n');
    assert.equal((await store2.load('n')).updates.length, 1, 'folded when opened');
    for (let i = 0; i < 20; i++) b.doc('n').getText('body').insert(0, 'z');
    await b.whenSaved();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await b.compact('n');
    const { updates } = await store2.load('n');
    assert.equal(updates.length, 1, 'folded again after 20 appends');
    const check = new Y.Doc();
    for (const update of updates) Y.applyUpdate(check, update);
    assert.equal(check.getText('body').toString(), `${'z'.repeat(20)}${'k'.repeat(30)}`);
    await b.close();
  });
});
