/**
 * Opening on demand for peers (`resolveForPeers`): a replica that holds every document of an app takes the
 * documents a peer offers, also when finding one takes a while (read from storage), and refuses the ones its
 * resolver declines exactly as a document that does not exist.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { settle } from '../testing/settle.ts';
import type { SyncErrorEvent } from './events.ts';
import { SyncHub } from './sync-hub.ts';

it('a replica opens the documents a peer offers, after an async resolve, and syncs both ways', async () => {
  const asked: string[] = [];
  const replica = new SyncHub({
    resolveForPeers: true,
    async resolveDocument(name, role) {
      asked.push(`${role}:${name}`);
      await new Promise((resolve) => setTimeout(resolve, 20)); // as a store read would
      if (name === 'secret') return undefined;
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'stored ');
      return doc;
    },
  });
  const page = new SyncHub();
  const a = page.open('a');
  a.doc.getText('t').insert(0, 'page');
  const secret = page.open('secret');
  const [pageEnd, replicaEnd] = createMemoryChannelPair();
  const pageLink = page.attach(pageEnd, { peerId: 'replica' });
  replica.attach(replicaEnd, { peerId: 'page' });
  const denied: string[] = [];
  pageLink.addEventListener('denied', (event) => denied.push((event as SyncErrorEvent).documentName ?? ''));

  await settle(() => replica.get('a')?.doc.getText('t').length === 11, 'the replica to hold a');
  await settle(() => a.doc.getText('t').length === 11, 'the page to get the stored part');
  assert.equal(a.doc.getText('t').toString(), replica.get('a')?.doc.getText('t').toString());
  await settle(() => denied.includes('secret'), 'secret to be refused');
  assert.equal(replica.get('secret'), undefined);
  assert.deepEqual(asked.sort(), ['peer:a', 'peer:secret']);
  // Later edits flow as on any open document.
  a.doc.getText('t').insert(0, '!');
  await settle(() => replica.get('a')?.doc.getText('t').toString().startsWith('!') === true, 'the edit');
  assert.equal(secret.doc.getText('t').length, 0);
  page.destroy();
  replica.destroy();
});

it('without resolveForPeers a peer offer of an unknown document is refused and nothing is resolved', async () => {
  let calls = 0;
  const replica = new SyncHub({
    resolveDocument: () => {
      calls++;
      return new Y.Doc();
    },
  });
  const page = new SyncHub();
  page.open('a').doc.getText('t').insert(0, 'x');
  const [pageEnd, replicaEnd] = createMemoryChannelPair();
  const link = page.attach(pageEnd, { peerId: 'replica' });
  replica.attach(replicaEnd, { peerId: 'page' });
  let denied = false;
  link.addEventListener('denied', () => {
    denied = true;
  });
  await settle(() => denied, 'a to be refused');
  assert.equal(calls, 0);
  assert.equal(replica.get('a'), undefined);
  page.destroy();
  replica.destroy();
});
