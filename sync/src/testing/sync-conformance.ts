/**
 * The sync layer's behaviour suite, run over every channel alike (memory pair, `ws` WebSocket, and — from the
 * transport's tests — LP2PDataChannel on TCP and QUIC): documents, mesh relay, acks, access control, presence
 * and hostile input must behave the same whatever carries the bytes. Pass a factory that makes fresh pairs.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SyncAccessError } from '../errors/sync-access-error.ts';
import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import type { SyncErrorEvent } from '../hub/events.ts';
import type { SyncHubOptions } from '../hub/hub-context.ts';
import { SyncHub } from '../hub/sync-hub.ts';
import { encodeMessage } from '../protocol/encode-message.ts';
import { countIncoming, type SyncChannelPair, type SyncChannelPairFactory } from './channel-pair.ts';
import { settle } from './settle.ts';

const text = (hub: SyncHub, name = 'doc') => hub.open(name).doc.getText('t');

export function describeSyncConformance(label: string, makePair: SyncChannelPairFactory): void {
  describe(`sync over ${label}`, () => {
    const pairs: SyncChannelPair[] = [];
    const hubs: SyncHub[] = [];
    const hub = (options?: SyncHubOptions) => {
      const created = new SyncHub(options);
      hubs.push(created);
      return created;
    };
    const pair = async () => {
      const made = await makePair();
      pairs.push(made);
      return made;
    };
    /** Joins two hubs as symmetric peers named after their index. */
    const join = async (x: SyncHub, y: SyncHub, xId = 'x', yId = 'y') => {
      const { a, b } = await pair();
      return [x.attach(a, { peerId: yId }), y.attach(b, { peerId: xId })] as const;
    };
    afterEach(async () => {
      for (const h of hubs.splice(0)) h.destroy();
      for (const p of pairs.splice(0)) await p.close();
    });

    it('syncs a document both ways, opened before and after the channel joins', async () => {
      const [x, y] = [hub(), hub()];
      text(x).insert(0, 'from x ');
      await join(x, y);
      text(y).insert(0, 'from y ');
      await settle(() => text(x).toString() === text(y).toString() && text(x).length === 14, 'initial sync');
      text(x).insert(0, 'live ');
      await settle(() => text(y).toString().startsWith('live '), 'live update');
    });

    it('shares one channel between many documents, each synced only where both sides hold it', async () => {
      const [x, y] = [hub(), hub()];
      await join(x, y);
      for (let i = 0; i < 10; i++) text(x, `d${i}`).insert(0, `x${i}`);
      for (let i = 0; i < 5; i++) text(y, `d${i}`).insert(0, `y${i}`);
      const shared = [0, 1, 2, 3, 4];
      await settle(
        () => shared.every((i) => text(y, `d${i}`).length === 4 && text(x, `d${i}`).length === 4),
        'shared docs',
      );
      assert.equal(y.documents.size, 5, 'y opened nothing it did not ask for');
      for (let i = 0; i < 5; i++) assert.equal(text(x, `d${i}`).toString(), text(y, `d${i}`).toString());
    });

    it('relays through a peer connected to both, with no echo loop, in a ring too', async () => {
      const [x, y, z] = [hub(), hub(), hub()];
      await join(x, y);
      await join(y, z);
      text(y);
      text(x).insert(0, 'x');
      text(z).insert(0, 'z');
      await settle(() => text(x).length === 2 && text(z).length === 2, 'relay through y');
      const [xz] = await join(x, z);
      const seen = countIncoming(xz.channel);
      text(x).insert(0, 'ring');
      await settle(() => text(y).length === 6 && text(z).length === 6, 'ring delivery');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const quiet = seen.messages;
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(seen.messages, quiet, 'nothing keeps circulating');
      assert.ok(quiet < 20, `bounded traffic for one edit (${quiet} messages)`);
      for (const h of [x, y, z]) assert.equal(text(h).toString(), text(x).toString());
    });

    it('sends a late joiner or a returning peer only the state-vector diff', async () => {
      const [x, y] = [hub(), hub()];
      text(x).insert(0, 'a'.repeat(50_000));
      const [, yLink] = await join(x, y);
      await settle(() => text(y).length === 50_000, 'first sync');
      yLink.close();
      text(x).insert(0, 'new');
      text(y).insert(0, 'mine');
      const { a, b } = await pair();
      const received = countIncoming(b);
      x.attach(a, { peerId: 'y' });
      y.attach(b, { peerId: 'x' });
      await settle(() => text(x).length === 50_007 && text(y).length === 50_007, 'reconciled');
      assert.ok(
        received.bytes < 500,
        `the returning peer got ${received.bytes} bytes, not the document again`,
      );
    });

    it('syncs a document larger than the send buffer, with edits made while it is in flight', async () => {
      const [x, y] = [hub(), hub()];
      const big = text(x);
      for (let i = 0; i < 8; i++) big.insert(big.length, String(i).repeat(512 * 1024));
      await join(x, y);
      for (let i = 0; i < 200; i++) {
        big.insert(0, 'x');
        text(y).insert(0, 'y');
        await Promise.resolve();
      }
      await settle(
        () => text(y).length === 4 * 1024 * 1024 + 400 && text(x).length === text(y).length,
        'big sync',
        20_000,
      );
      assert.equal(text(x).toString(), text(y).toString());
    });

    it('reports which local updates each peer confirmed, and the unconfirmed ones', async () => {
      const [x, y] = [hub(), hub()];
      const xDoc = x.open('doc');
      let events = 0;
      xDoc.addEventListener('acks', () => events++);
      xDoc.doc.getText('t').insert(0, 'offline');
      await settle(() => xDoc.unconfirmed().count === 1 && events > 0, 'one unconfirmed update');
      assert.ok((xDoc.unconfirmed().oldestAgeMs ?? -1) >= 0);
      await join(x, y, 'x', 'y');
      text(y);
      await settle(() => xDoc.unconfirmed().count === 0, 'confirmed by y');
      xDoc.doc.getText('t').insert(0, 'more ');
      assert.equal(xDoc.unconfirmed().count, 1);
      await settle(() => xDoc.unconfirmed().count === 0, 'live update confirmed');
      xDoc.doc.getText('t').delete(0, 2);
      assert.equal(xDoc.unconfirmed().count, 1, 'a delete is an update to confirm too');
      await settle(() => xDoc.unconfirmed().count === 0, 'delete confirmed');
      const [peer] = xDoc.peers();
      assert.equal(peer?.peerId, 'y');
      assert.equal(peer?.confirmedClock, xDoc.ownClock);
      assert.equal(peer?.confirmedSeq, 3, 'three local updates, all acknowledged');
    });

    it('refuses writes from a read-only peer on the wire, and leaves the document unchanged', async () => {
      const x = hub({ access: (peer) => (peer === 'y' ? 'read' : 'write') });
      const y = hub();
      text(x).insert(0, 'owner');
      const [xLink] = await join(x, y);
      await settle(() => text(y).toString() === 'owner', 'reader got the document');
      const refusedAtX: SyncErrorEvent[] = [];
      const refusedAtY: SyncErrorEvent[] = [];
      xLink.addEventListener('refused', (e) => refusedAtX.push(e as SyncErrorEvent));
      y.get('doc')?.addEventListener('refused', (e) => refusedAtY.push(e as SyncErrorEvent));
      text(y).insert(0, 'vandal ');
      await settle(() => refusedAtX.length === 1 && refusedAtY.length === 1, 'refusal on both sides');
      assert.ok(refusedAtX[0]?.error instanceof SyncAccessError);
      assert.equal(refusedAtX[0]?.error.code, 'write-denied');
      assert.equal(text(x).toString(), 'owner');
      assert.equal(y.get('doc')?.peers()[0]?.refused, 1);
      text(x).insert(5, '!');
      await settle(() => text(y).toString().endsWith('owner!'), 'reads still flow');
    });

    it('tells a peer without read access exactly what it tells for a missing document', async () => {
      const x = hub({ access: (_peer, name) => (name === 'secret' ? 'none' : 'write') });
      text(x, 'secret').insert(0, 'hidden');
      const y = hub();
      const { a, b } = await pair();
      const replies: number[][] = [];
      b.addEventListener('message', (event) =>
        replies.push([...new Uint8Array((event as MessageEvent).data)]),
      );
      x.attach(a, { peerId: 'y' });
      const yLink = y.attach(b, { peerId: 'x' });
      const denied: string[] = [];
      yLink.addEventListener('denied', (e) => denied.push((e as SyncErrorEvent).documentName ?? ''));
      text(y, 'secret');
      text(y, 'ghost');
      await settle(() => denied.length === 2, 'both refused');
      const secret = replies.filter((r) => r[1] === 0x73);
      const ghost = replies.filter((r) => r[1] === 0x67);
      assert.deepEqual(
        secret.map((r) => r.slice(7)),
        ghost.map((r) => r.slice(6)),
        'same answer after the name',
      );
      assert.equal(secret.length, 1);
      assert.equal(text(y, 'secret').length, 0);
    });

    it('relays presence through the mesh and removes it when the channel closes', async () => {
      const [x, y, z] = [hub(), hub(), hub()];
      const [xLink] = await join(x, y);
      await join(y, z);
      const xDoc = x.open('doc');
      y.open('doc');
      const zDoc = z.open('doc');
      xDoc.awareness.setLocalState({
        name: 'Ada',
        colour: '#f00',
        cursor: { index: 3 },
        extra: [1, { a: true }],
      });
      const xId = xDoc.doc.clientID;
      await settle(
        () => (zDoc.awareness.getStates().get(xId) as { name?: string } | undefined)?.name === 'Ada',
        'presence at z',
      );
      xLink.close();
      await settle(() => !zDoc.awareness.getStates().has(xId), 'presence removed at z');
    });

    it('closes only the channel that sent garbage; documents and other channels go on', async () => {
      const [x, y] = [hub(), hub()];
      await join(x, y);
      text(x).insert(0, 'safe');
      await settle(() => text(y).toString() === 'safe', 'honest sync');
      const { a, b } = await pair();
      const hostile = x.attach(a, { peerId: 'mallory' });
      const errors: SyncErrorEvent[] = [];
      hostile.addEventListener('error', (e) => errors.push(e as SyncErrorEvent));
      b.send(
        encodeMessage({ kind: 'update', address: 'doc', update: new Uint8Array([9, 9, 9, 9]), reply: false }),
      );
      await settle(() => hostile.closed && errors.length === 1, 'hostile channel closed');
      assert.ok(errors[0]?.error instanceof SyncProtocolError);
      assert.equal(text(x).toString(), 'safe');
      text(y).insert(4, '!');
      await settle(() => text(x).toString() === 'safe!', 'honest channel unaffected');
    });
  });
}
