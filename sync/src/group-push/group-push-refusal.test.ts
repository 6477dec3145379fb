import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { DeclineReason, encodeFrame } from './push-frames.ts';
import { encodeManifest } from './push-manifest.ts';
import { MemoryPushStore, type PushStore } from './push-store.ts';
import { createNode, fullMesh, link, type MeshNode, nextReceived, testBytes } from './testing/push-mesh.ts';
import { rawPeer, until } from './testing/raw-peer.ts';

/** A store that records every open, so a test can prove nothing was stored or even opened. */
function watchedStore(): { store: PushStore; opened: string[]; inner: MemoryPushStore } {
  const inner = new MemoryPushStore();
  const opened: string[] = [];
  const store: PushStore = {
    open: (transferId, shape) => {
      opened.push(transferId);
      return inner.open(transferId, shape);
    },
  };
  return { store, opened, inner };
}

describe('GroupPush refusals', () => {
  it('a declining receiver stores nothing, the others still get the file', async () => {
    const watched = watchedStore();
    const sender = createNode('s');
    const yes = createNode('yes');
    const no = createNode('no', { accept: () => false }, watched.inner);
    const no2 = createNode('no2', { accept: async () => ({ accept: false }) });
    const nodes = [sender, yes, no, no2];
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) link(nodes[i] as MeshNode, nodes[j] as MeshNode);
    const file = testBytes(1024 * 1024, 5);
    const got = nextReceived(yes);
    const result = await sender.push.push(file, { to: ['yes', 'no', 'no2'] });
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status, p.error?.code]),
      [
        ['yes', 'confirmed', undefined],
        ['no', 'declined', 'declined'],
        ['no2', 'declined', 'declined'],
      ],
    );
    assert.deepEqual(await (await got).bytes(), file);
    assert.deepEqual(watched.inner.transfers(), []);
    assert.deepEqual(no.store.transfers(), []);
    for (const node of nodes) node.push.close();
  });

  it('declines without calling the hook or opening the store an offer claiming 2^53 bytes', async () => {
    const watched = watchedStore();
    let asked = 0;
    const receiver = createNode('r', { store: watched.store, accept: () => ++asked > 0 });
    const peer = rawPeer(receiver, 'evil');
    const manifest = encodeManifest({
      kind: 'file',
      name: 'huge',
      mediaType: '',
      totalBytes: 2 ** 53,
      chunkSize: 1024 * 1024,
      chunkCount: 2 ** 33,
      sha256: new Uint8Array(32),
      chunkHashes: new Uint8Array(0),
    });
    const id = sha256(manifest);
    peer.send(encodeFrame({ type: 'offer', id, manifest, group: '', members: ['r'] }));
    const decline = await peer.next('decline');
    assert.equal(decline.reason, DeclineReason.tooLarge);
    assert.equal(asked, 0);
    assert.deepEqual(watched.opened, []);
    receiver.push.close();
  });

  it('declines an offer over the receiver caps as too large', async () => {
    const nodes = fullMesh(2, { limits: { maxTotalBytes: 1000 } });
    const [sender, receiver] = nodes as [MeshNode, MeshNode];
    const result = await sender.push.push(testBytes(1001), { to: [receiver.id] });
    assert.equal(result.peers[0]?.status, 'declined');
    assert.equal(result.peers[0]?.error?.code, 'limit-exceeded');
    assert.deepEqual(receiver.store.transfers(), []);
    for (const node of nodes) node.push.close();
  });

  it('declines a manifest that does not hash to the transfer id, or that does not name the receiver', async () => {
    const receiver = createNode('r');
    const peer = rawPeer(receiver, 'evil');
    const manifest = encodeManifest({
      kind: 'message',
      name: 'm',
      mediaType: '',
      totalBytes: 1,
      chunkSize: 256 * 1024,
      chunkCount: 1,
      sha256: new Uint8Array(32),
      chunkHashes: new Uint8Array(32),
    });
    peer.send(encodeFrame({ type: 'offer', id: new Uint8Array(32), manifest, group: '', members: ['r'] }));
    peer.send(encodeFrame({ type: 'offer', id: sha256(manifest), manifest, group: '', members: ['x'] }));
    await until(() => peer.frames.filter((f) => f.type === 'decline').length === 2);
    for (const frame of peer.frames)
      assert.deepEqual(frame, { ...frame, type: 'decline', reason: DeclineReason.badManifest });
    assert.deepEqual(receiver.store.transfers(), []);
    receiver.push.close();
  });
});
