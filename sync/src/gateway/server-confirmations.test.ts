import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as Y from 'yjs';
import type { StatelessEvent } from '../hub/events.ts';
import type { SyncDocument } from '../hub/sync-document.ts';
import { SyncHub } from '../hub/sync-hub.ts';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { settle } from '../testing/settle.ts';
import { encodeConfirmation, serverConfirmedType } from './confirmation-message.ts';
import { ServerConfirmations } from './server-confirmations.ts';

const hubs: SyncHub[] = [];
after(() => {
  for (const hub of hubs) hub.destroy();
});

function ring(count: number): { hubs: SyncHub[]; relays: ServerConfirmations[]; heard: number[] } {
  const ringHubs = Array.from({ length: count }, () => new SyncHub());
  hubs.push(...ringHubs);
  const heard = ringHubs.map(() => 0);
  for (const [i, hub] of ringHubs.entries()) {
    hub.open('notes').addEventListener('stateless', (event) => {
      if ((event as StatelessEvent).payload.includes(serverConfirmedType)) heard[i] = (heard[i] ?? 0) + 1;
    });
  }
  for (let i = 0; i < count; i++) {
    const [x, y] = createMemoryChannelPair();
    ringHubs[i]?.attach(x, { peerId: `p${(i + 1) % count}` });
    ringHubs[(i + 1) % count]?.attach(y, { peerId: `p${i}` });
  }
  return { hubs: ringHubs, relays: ringHubs.map((hub) => new ServerConfirmations(hub)), heard };
}

describe('server confirmations over the mesh', () => {
  it('spread around a ring and stop, without echo', async () => {
    const { hubs: ringHubs, relays, heard } = ring(4);
    const docs = ringHubs.map((hub) => hub.get('notes')?.doc as Y.Doc);
    for (const [i, doc] of docs.entries()) doc.getText('t').insert(0, `${i}`);
    await settle(() => docs.every((doc) => doc.getText('t').length === 4), 'the ring to sync');
    const vector = Y.decodeStateVector(Y.encodeStateVector(docs[0] as Y.Doc));
    relays[0]?.confirm('notes', { stateVector: vector, at: 1000 });
    await settle(() => ringHubs.every((hub) => hub.get('notes')?.serverStatus().pending === 0), 'everyone');
    for (const hub of ringHubs) assert.equal(hub.get('notes')?.serverStatus().confirmedAt, 1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Each hub tells its two neighbours once at most: 8 messages in all, whatever the order.
    assert.ok(heard.reduce((a, b) => a + b) <= 8, `heard ${heard}`);
    const settled = [...heard];
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(heard, settled, 'quiet afterwards');
  });

  it('ignores a confirmation that claims more of ours than we made, and a malformed one', async () => {
    const { hubs: pair, relays } = ring(2);
    const [a, b] = pair.map((hub) => hub.get('notes')) as [SyncDocument, SyncDocument];
    a.doc.getText('t').insert(0, 'abc');
    await settle(() => b.doc.getText('t').length === 3, 'sync');
    const invalid: unknown[] = [];
    relays[0]?.addEventListener('invalid', (event) => invalid.push((event as CustomEvent).detail));
    const forged = new Map([[a.doc.clientID, 999]]);
    b.sendStateless(encodeConfirmation({ stateVector: forged, at: 5 }));
    b.sendStateless(`{"type":"${serverConfirmedType}","v":1,"sv":"AQ==","at":1}`);
    await settle(() => invalid.length >= 1, 'the malformed one reported'); // once per link (two here)
    assert.equal(a.serverStatus().pending, 1);
    assert.equal(a.serverStatus().confirmedAt, null);
    assert.equal(relays[0]?.get('notes'), undefined);
  });

  it('confirms an overwritten map key by its clock; a change that only deleted waits for a later one', async () => {
    const { hubs: pair, relays } = ring(2);
    const [a, b] = pair.map((hub) => hub.get('notes')) as [SyncDocument, SyncDocument];
    const index = a.doc.getMap('notes');
    index.set('updated', 1);
    index.set('updated', 2); // inserts the new value and deletes the old one, in one transaction
    await settle(() => b.doc.getMap('notes').get('updated') === 2, 'sync');
    relays[1]?.confirm('notes', { stateVector: Y.decodeStateVector(Y.encodeStateVector(b.doc)), at: 10 });
    await settle(() => a.serverStatus().confirmedAt === 10, 'the confirmation');
    assert.equal(a.serverStatus().pending, 0, 'the overwrite is on the server');
    a.doc.getText('t').insert(0, 'xy');
    a.doc.getText('t').delete(0, 1); // deletes only: no clock shows it arrived
    await settle(() => b.doc.getText('t').toString() === 'y', 'sync');
    relays[1]?.confirm('notes', { stateVector: Y.decodeStateVector(Y.encodeStateVector(b.doc)), at: 20 });
    await settle(() => a.serverStatus().confirmedAt === 20, 'the second confirmation');
    assert.equal(a.serverStatus().pending, 1, 'the deletion waits for a later change');
  });

  it('tells a peer that joins later what it knows', async () => {
    const [first, late] = [new SyncHub(), new SyncHub()];
    hubs.push(first, late);
    const relay = new ServerConfirmations(first);
    new ServerConfirmations(late);
    first.open('notes').doc.getText('t').insert(0, 'x');
    relay.confirm('notes', { stateVector: new Map([[1, 1]]), at: 77 });
    const notes = late.open('notes');
    const [x, y] = createMemoryChannelPair();
    first.attach(x, { peerId: 'late' });
    late.attach(y, { peerId: 'first' });
    await settle(() => notes.serverStatus().confirmedAt === 77, 'the late peer hearing it');
  });
});
