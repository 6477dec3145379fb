/**
 * The Node-runnable snippets of docs/guide.md, run as written: two devices' workspaces over in-memory channels
 * (what `offgrid up` does over LP2P data channels), the notes data model, saving, status, presence and share.
 * The page-only snippets (openAppWorkspace, the badge, invite, the WebApp, the Chromium test) are type-checked in
 * guide-page-snippets.ts. If a step here changes, change the guide with it.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MemoryDocumentStore, NearbyShare, openWorkspace, type Workspace } from '@offgrid/framework';
import { createMemoryChannelPair } from '@offgrid/sync';
import { nodeWholeHash } from '@offgrid/sync/node';
import { until } from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';

// guide §3: the data model — an index document listing the notes, one document per note.
function createNote(workspace: Workspace, text: string): string {
  const id = crypto.randomUUID();
  const now = Date.now();
  const notes = workspace.doc('notes-index').getMap('notes');
  notes.set(
    id,
    new Y.Map<number | null>([
      ['created', now],
      ['updated', now],
      ['deletedAt', null],
    ]),
  );
  workspace.doc(`note:${id}`).getText('body').insert(0, text);
  return id;
}

describe('docs/guide.md, the Node-runnable steps', () => {
  const open: Workspace[] = [];
  const device = () => {
    const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
    open.push(workspace);
    return workspace;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((workspace) => workspace.close()));
  });

  it('documents, saving, sync, status and presence between two devices', async () => {
    const ada = device();
    const grace = device();

    // §3 and §4: write, then wait until it is durable before saying "saved".
    const id = createNote(ada, '# Shopping\nmilk');
    await ada.whenSaved();
    assert.deepEqual((await ada.list()).sort(), [`note:${id}`, 'notes-index']);

    // §5: two devices linked by a channel (offgrid up does this over LP2P data channels).
    const [toGrace, toAda] = createMemoryChannelPair();
    ada.attach(toGrace, { peerId: 'grace' });
    grace.attach(toAda, { peerId: 'ada' });
    grace.doc('notes-index'); // open the index: its entries name the note documents to open
    await until(() => grace.doc('notes-index').getMap('notes').has(id), 'the index reaches Grace', 10_000);
    const body = grace.doc(`note:${id}`).getText('body');
    await until(() => body.toString() === '# Shopping\nmilk', 'the note reaches Grace', 10_000);

    // §6: status as plain data.
    await until(() => ada.status().connectivity === 'nearby only', 'Ada nearby only', 10_000);
    const status = ada.status();
    assert.equal(status.nearbyPeers, 1);
    const note = status.documents.find((d) => d.name === `note:${id}`);
    assert.equal(note?.unsaved, 0);
    assert.equal(note?.lastServerConfirmation, null);
    await until(
      () => ada.status().documents.find((d) => d.name === `note:${id}`)?.notOnAnyPeer.count === 0,
      'Grace acknowledged the note',
      10_000,
    );

    // §7: presence on the open note.
    const presence = await ada.presence(`note:${id}`);
    presence.set({ name: 'Ada' });
    const seen = await grace.presence(`note:${id}`);
    await until(
      () => seen.people().some((person) => person.name === 'Ada' && !person.self),
      'Grace sees Ada',
      10_000,
    );
    const [person] = seen.people().filter((p) => !p.self);
    assert.match(person?.color ?? '', /^#[0-9a-f]{6}$/i);
  });

  it('shares a note with a nearby device, which imports it under another name', async () => {
    const ada = device();
    const grace = device();
    const adaShare = new NearbyShare(ada, { id: 'ada', wholeHash: nodeWholeHash });
    const graceShare = new NearbyShare(grace, { id: 'grace', wholeHash: nodeWholeHash });
    const [pushA, pushB] = createMemoryChannelPair();
    adaShare.addPeer('grace', pushA);
    graceShare.addPeer('ada', pushB);

    const id = createNote(ada, 'site plan');
    await ada.whenLoaded(`note:${id}`);

    // §8: the receiver decides; here it keeps the copy apart from its own notes.
    graceShare.addEventListener('offer', ({ offer }) => {
      graceShare.accept(offer.transferId, { as: `copy:${offer.name}` });
    });
    const imported = new Promise<string>((resolve) =>
      graceShare.addEventListener('import', ({ imported }) => resolve(imported.name)),
    );
    const result = await adaShare.shareDocument(`note:${id}`, { to: ['grace'] });
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status]),
      [['grace', 'confirmed']],
    );
    assert.equal(await imported, `copy:note:${id}`); // `imported.name`: where it was merged; `sentAs`: its name on Ada's side
    assert.equal(grace.doc(`copy:note:${id}`).getText('body').toString(), 'site plan');
    adaShare.close();
    graceShare.close();
  });
});
