/**
 * Naming the device a pairing reached by the agent's paired peers: the peer that joins the list after the pairing
 * began, even when the list changes before the name is asked; a device listed before cannot be told apart and is
 * "a nearby device", as is one that never shows up.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PageSharePeer } from '@offgrid/framework';
import { PairedPeerNames, UNNAMED_PEER } from './paired-peer-name.ts';

class PeerList extends EventTarget {
  peers: PageSharePeer[] = [];
  pairedPeers(): PageSharePeer[] {
    return this.peers;
  }
  add(id: string, name: string): void {
    this.peers = [...this.peers, { id, name, verified: true, trusted: true }];
    this.dispatchEvent(new Event('change'));
  }
}

it('names the device that joined the paired peers since the pairing began', async () => {
  const list = new PeerList();
  list.add('fp-known', 'Old laptop');
  const names = new PairedPeerNames(list, { waitMs: 2_000 });
  names.began();
  // Listed before the page asks (the grant is written before the connection reaches the page).
  list.add('fp-grace', 'Grace');
  assert.equal(await names.next(), 'Grace');
  // Listed after the page asks.
  names.began();
  const next = names.next();
  setTimeout(() => list.add('fp-alan', 'Alan'), 10);
  assert.equal(await next, 'Alan');
});

it('says "a nearby device" when no new device comes', async () => {
  const list = new PeerList();
  list.add('fp-grace', 'Grace');
  const names = new PairedPeerNames(list, { waitMs: 50 });
  names.began();
  assert.equal(await names.next(), UNNAMED_PEER);
  assert.equal(UNNAMED_PEER, 'a nearby device');
});
