/**
 * One direction held, message by message: A returns with offline work and types during the handshake; at every
 * step, what A counts as confirmed must be on B already — on a peer link, and on a client link to our own hub in
 * the server role (which holds an early update until our step 2, where Hocuspocus acks it pending:
 * client-ack-hole.test.ts).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GatedChannel } from '../testing/gated-channel.ts';
import { SyncHub } from './sync-hub.ts';

const OFFLINE = 50;

/** Lets every message queued on `channel` through, and those its delivery causes, until it is quiet. */
async function pump(channel: GatedChannel): Promise<void> {
  for (;;) {
    while (channel.releaseOne());
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (channel.queue.length === 0) return;
  }
}

for (const role of ['peer', 'client'] as const) {
  it(`a ${role} link confirms a local update only once the peer holds it and everything before it`, async () => {
    const a = new SyncHub();
    const b = new SyncHub();
    const docA = a.open('notes');
    const docB = b.open('notes');
    const itemsA = docA.doc.getArray<string>('items');
    const itemsB = docB.doc.getArray<string>('items');
    for (let i = 0; i < OFFLINE; i++) itemsA.push([`offline ${i}`]);
    const [toB, toA] = GatedChannel.pair(); // toB: what A sends; toA: what B sends
    a.attach(toB, { peerId: 'b', role, token: 'a' });
    b.attach(toA, { peerId: role === 'peer' ? 'a' : '', role: role === 'peer' ? 'peer' : 'server' });
    const unconfirmed = () => docA.unconfirmed().count;
    // Never more confirmed than B holds (B gets A's updates in the order A made them, so as a prefix).
    const check = (when: string) =>
      assert.ok(
        itemsB.length >= OFFLINE + 1 - unconfirmed(),
        `${when}: ${OFFLINE + 1 - unconfirmed()} confirmed, B holds ${itemsB.length}`,
      );

    await new Promise((resolve) => setTimeout(resolve, 0));
    while (toB.queue.length > 0) toB.releaseOne(); // A's token and step 1
    itemsA.push(['online 0']); // typed during the handshake (a client link streams it at once)
    await new Promise((resolve) => setTimeout(resolve, 0));
    await pump(toA); // B's step 2 and step 1: A answers with its step 2, held
    assert.equal(unconfirmed(), OFFLINE + 1);
    assert.equal(itemsB.length, 0);
    check('held');
    while (toB.queue.length > 0) {
      toB.releaseOne();
      await new Promise((resolve) => setTimeout(resolve, 0));
      check('delivered one');
      await pump(toA); // B's ack
      check('acked');
    }
    assert.equal(unconfirmed(), 0);
    assert.equal(itemsB.length, OFFLINE + 1);
    assert.equal(docA.peers().find((p) => p.peerId === 'b')?.confirmedSeq, OFFLINE + 1);
    a.destroy();
    b.destroy();
  });
}
