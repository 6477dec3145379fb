/**
 * Blobs among three workspaces over memory channels: a photo taken on A reaches B and C, crossing the wire once
 * per receiving device; a resync sends nothing again; offers that lie about their name are declined.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ChannelEvent,
  createMemoryChannelPair,
  GroupPush,
  messageData,
  type SyncChannel,
} from '@offgrid/sync';
import { until } from '@offgrid/transport-lp2p/testing';
import { MemoryDocumentStore } from '../store/memory-store.ts';
import { openWorkspace, type Workspace } from '../workspace/workspace.ts';
import { BLOB_GROUP } from './blob-want.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { photoBytes, sha256Hex } from './testing/blob-store-conformance.ts';
import { openBlobs, type WorkspaceBlobs } from './workspace-blobs.ts';

interface Device {
  readonly id: string;
  readonly workspace: Workspace;
  readonly blobs: WorkspaceBlobs;
  /** Bytes that arrived on this device's blob channels. */
  received: number;
  readonly channels: SyncChannel[];
}

function device(id: string): Device {
  const workspace = openWorkspace({ appId: 'survey', store: new MemoryDocumentStore() });
  const blobs = openBlobs(workspace, { id, store: new MemoryBlobStore() });
  // The app tells the blobs what its documents reference: here, the keys of the map `photos` of doc `refs`.
  const refs = workspace.doc('refs').getMap('photos');
  refs.observe(() => void blobs.reference(refs.keys()));
  return { id, workspace, blobs, received: 0, channels: [] };
}

function count(device: Device, channel: SyncChannel): SyncChannel {
  channel.addEventListener('message', (event: ChannelEvent) => {
    device.received += (messageData(event) as ArrayBuffer).byteLength;
  });
  device.channels.push(channel);
  return channel;
}

/** Joins two devices: a documents channel and a blob channel. */
function join(a: Device, b: Device): void {
  const [docA, docB] = createMemoryChannelPair(a.id, b.id);
  a.workspace.attach(docA, { peerId: b.id });
  b.workspace.attach(docB, { peerId: a.id });
  const [blobA, blobB] = createMemoryChannelPair(a.id, b.id);
  a.blobs.addPeer(b.id, count(a, blobA));
  b.blobs.addPeer(a.id, count(b, blobB));
}

function cut(devices: Device[]): void {
  for (const d of devices) for (const channel of d.channels.splice(0)) channel.close();
}

async function takePhoto(d: Device, bytes: Uint8Array): Promise<string> {
  const hash = await d.blobs.put(bytes);
  d.workspace.doc('refs').getMap('photos').set(hash, true);
  return hash;
}

async function close(devices: Device[]): Promise<void> {
  for (const d of devices) {
    d.blobs.close();
    await d.workspace.close();
  }
}

describe('blobs among workspaces', () => {
  it('a photo taken on A reaches B and C once each, and a resync sends it to nobody again', async () => {
    const [a, b, c] = [device('A'), device('B'), device('C')];
    join(a, b);
    join(b, c);
    join(a, c);
    const first = photoBytes(3 * 1024 * 1024 + 17, 1);
    const hash = await takePhoto(a, first);
    assert.equal(hash, sha256Hex(first));
    await until(
      async () => (await b.blobs.store.has(hash)) && (await c.blobs.store.has(hash)),
      'B and C',
      10_000,
    );
    assert.equal(sha256Hex((await c.blobs.get(hash)) as Uint8Array), hash);
    assert.equal(sha256Hex((await b.blobs.get(hash)) as Uint8Array), hash);
    const overhead = 32 * 1024; // frames, manifests, want messages and the documents are elsewhere
    for (const d of [b, c]) {
      assert.ok(d.received >= first.byteLength, `${d.id} received ${d.received}`);
      assert.ok(d.received < first.byteLength + overhead, `${d.id} received ${d.received}: more than once`);
    }
    console.log(`# 3 MiB photo: B received ${b.received} B, C received ${c.received} B on blob channels`);

    // C goes away; A takes a second photo; C comes back over new channels and gets only that one.
    for (const channel of [...c.channels]) channel.close();
    c.channels.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = photoBytes(1024 * 1024, 2);
    const secondHash = await takePhoto(a, second);
    await until(() => b.blobs.store.has(secondHash), 'B to get the second photo', 10_000);
    for (const d of [a, b, c]) d.received = 0;
    cut([a, b, c]);
    join(a, b);
    join(b, c);
    join(a, c);
    await until(() => c.blobs.store.has(secondHash), 'C to get the second photo', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything more would have arrived by now
    assert.ok(
      c.received >= second.byteLength && c.received < second.byteLength + overhead,
      `C: ${c.received}`,
    );
    assert.ok(b.received < overhead, `B received ${b.received} bytes on resync: it held both photos`);
    assert.ok(a.received < overhead, `A received ${a.received} bytes on resync`);
    assert.deepEqual(c.blobs.sync.wanted(), []);
    console.log(
      `# resync: C received ${c.received} B (second photo ${second.byteLength} B), B ${b.received}, A ${a.received}`,
    );
    await close([a, b, c]);
  });

  it('a newcomer wanting 12 photos gets them all, a few pushes at a time', async () => {
    const [a, b] = [device('A'), device('B')];
    const hashes: string[] = [];
    for (let i = 0; i < 12; i++) hashes.push(await takePhoto(a, photoBytes(50_000 + i, 100 + i)));
    let most = 0;
    const original = a.blobs.sync.push.push.bind(a.blobs.sync.push);
    let inFlight = 0;
    a.blobs.sync.push.push = async (content, options) => {
      if (options.group === BLOB_GROUP) most = Math.max(most, ++inFlight);
      try {
        return await original(content, options);
      } finally {
        if (options.group === BLOB_GROUP) inFlight--;
      }
    };
    join(a, b);
    await until(async () => (await b.blobs.store.missing(hashes)).length === 0, 'all 12 on B', 10_000);
    assert.ok(most <= 4 && most >= 1, `${most} blob pushes at once`);
    assert.ok(b.received < 12 * 50_012 + 64 * 1024, `B received ${b.received}`);
    await close([a, b]);
  });

  it('declines a pushed blob whose bytes are not what its name says, and one nobody asked for', async () => {
    const b = device('B');
    const rogue = new GroupPush({ id: 'R' });
    const [toB, fromR] = createMemoryChannelPair('R', 'B');
    rogue.addPeer('B', toB);
    b.blobs.addPeer('R', fromR);
    const real = photoBytes(1000, 3);
    const hash = sha256Hex(real);
    b.workspace.doc('refs').getMap('photos').set(hash, true);
    await until(async () => b.blobs.sync.wanted().includes(hash), 'B to want the photo', 10_000);
    const lie = await rogue.push(photoBytes(1000, 4), { to: ['B'], group: BLOB_GROUP, name: hash });
    assert.equal(lie.peers[0]?.status, 'declined');
    const unasked = photoBytes(500, 5);
    const spam = await rogue.push(unasked, { to: ['B'], group: BLOB_GROUP, name: sha256Hex(unasked) });
    assert.equal(spam.peers[0]?.status, 'declined');
    assert.deepEqual(await b.blobs.store.list(), []);
    const truth = await rogue.push(real, { to: ['B'], group: BLOB_GROUP, name: hash });
    assert.equal(truth.peers[0]?.status, 'confirmed');
    await until(async () => (await b.blobs.store.list()).length > 0, 'the true photo stored', 10_000);
    assert.deepEqual(await b.blobs.store.list(), [hash]);
    rogue.close();
    await close([b]);
  });
});
