/**
 * The page's invite flow over Node's LP2P classes (the page's have the same members): an `LP2PConnection` pair over
 * a real TLS/TCP session stands in for what `LP2PRequest.start()` and the receiver's `connection` event give a
 * page once the trusted UI paired and granted. The flow links both workspaces; a document syncs, one is shared.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type LP2PPair, lp2pPair } from '@offgrid/transport-lp2p/testing';
import type { ImportedDocument } from '../share/share-types.ts';
import { nextShareEvent, shareDevice } from '../share/testing/share-pair.ts';
import { PageInvite } from './page-invite-flow.ts';

describe('PageInvite', () => {
  const pairs: LP2PPair[] = [];
  after(async () => {
    for (const pair of pairs) await pair.close();
  });

  it('invite() on one page and join() on the other link workspaces and shares; state goes busy → paired (named by nameOf, else the peer id)', async () => {
    const pair = await lp2pPair('tcp');
    pairs.push(pair);
    const a = shareDevice('page-a');
    const b = shareDevice('page-b');
    const receiver = Object.assign(new EventTarget(), { start: async () => {} });
    const inviting = new PageInvite({
      workspace: a.workspace,
      share: a.share,
      request: () => ({ start: async () => pair.client }),
      receiver: () => receiver,
      peerIdOf: () => 'page-b',
      // Named a while after the connection (the notes page waits for the agent's share peers): still busy until then.
      nameOf: () => new Promise((resolve) => setTimeout(() => resolve('Grace'), 20)),
    });
    const joining = new PageInvite({
      workspace: b.workspace,
      share: b.share,
      request: () => ({ start: async () => pair.server }),
      receiver: () => receiver,
      peerIdOf: () => 'page-a',
    });
    const states: unknown[] = [];
    inviting.addEventListener('change', () => states.push(inviting.snapshot()));
    try {
      joining.join();
      await new Promise((resolve) => setTimeout(resolve, 0));
      receiver.dispatchEvent(Object.assign(new Event('connection'), { connection: pair.server }));
      inviting.invite();
      await new Promise<void>((resolve) =>
        inviting.addEventListener('change', () => !inviting.snapshot().busy && resolve()),
      );
      assert.deepEqual(states, [
        { needsCode: false, busy: true },
        { needsCode: false, busy: false, paired: 'Grace' },
      ]);
      assert.deepEqual(joining.snapshot(), { needsCode: false, busy: false, paired: 'page-a' });

      a.workspace.doc('list').getText('t').insert(0, 'from A');
      await b.workspace.whenLoaded('list');
      const deadline = Date.now() + 10_000;
      while (b.workspace.doc('list').getText('t').toString() !== 'from A') {
        assert.ok(Date.now() < deadline, 'no sync over the linked connection');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      b.share.addEventListener('offer', (e) => b.share.accept(e.offer.transferId, { as: 'copy' }));
      const imported = nextShareEvent(b.share, 'import');
      await a.share.shareDocument('list', { to: ['page-b'] });
      assert.equal(((await imported).imported as ImportedDocument).name, 'copy');
    } finally {
      joining.cancel();
      await a.close();
      await b.close();
    }
  });

  it('a request the person dismissed ends with the error in the state, not busy', async () => {
    const a = shareDevice('page-a');
    const flow = new PageInvite({
      workspace: a.workspace,
      request: () => ({ start: () => Promise.reject(new Error('the user dismissed the chooser')) }),
      receiver: () => Object.assign(new EventTarget(), { start: async () => {} }),
      peerIdOf: () => 'x',
    });
    const ended = new Promise<void>((resolve) =>
      flow.addEventListener('change', () => !flow.snapshot().busy && resolve()),
    );
    flow.invite();
    await ended;
    assert.deepEqual(flow.snapshot(), {
      needsCode: false,
      busy: false,
      error: 'the user dismissed the chooser',
    });
    await a.close();
  });
});
