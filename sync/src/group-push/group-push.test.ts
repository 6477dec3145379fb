import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { PushProgress, ReceiveProgress } from './push-types.ts';
import { createNode, fullMesh, link, type MeshNode, nextReceived, testBytes } from './testing/push-mesh.ts';

const MiB = 1024 * 1024;

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function close(nodes: MeshNode[]): void {
  for (const node of nodes) node.push.close();
}

describe('GroupPush delivery', () => {
  it('delivers a message to one peer', async () => {
    const nodes = fullMesh(2);
    const [sender, receiver] = nodes as [MeshNode, MeshNode];
    const got = nextReceived(receiver);
    const result = await sender.push.push('hello, class', { to: [receiver.id], group: 'class' });
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status]),
      [[receiver.id, 'confirmed']],
    );
    const received = await got;
    assert.equal(await received.text(), 'hello, class');
    assert.equal(received.offer.kind, 'message');
    assert.equal(received.offer.group, 'class');
    assert.equal(received.offer.from, sender.id);
    close(nodes);
  });

  it('delivers a 5 MiB file to one peer byte-identical', async () => {
    const nodes = fullMesh(2);
    const [sender, receiver] = nodes as [MeshNode, MeshNode];
    const file = testBytes(5 * MiB + 123, 7);
    const got = nextReceived(receiver);
    const result = await sender.push.push(file, { to: [receiver.id], name: 'model.bin' });
    assert.equal(result.peers[0]?.status, 'confirmed');
    assert.equal(result.sha256, sha256Hex(file));
    const received = await got;
    assert.equal(received.offer.name, 'model.bin');
    assert.equal(sha256Hex(await received.bytes()), sha256Hex(file));
    close(nodes);
  });

  it('delivers to 4 fully meshed peers byte-identical, the sender uploading about one copy', async () => {
    const nodes = fullMesh(5);
    const [sender, ...receivers] = nodes as [MeshNode, ...MeshNode[]];
    const file = testBytes(16 * MiB, 3);
    const got = receivers.map((r) => nextReceived(r));
    const result = await sender.push.push(new Blob([file as Uint8Array<ArrayBuffer>]), {
      to: receivers.map((r) => r.id),
    });
    assert.deepEqual(
      result.peers.map((p) => p.status),
      ['confirmed', 'confirmed', 'confirmed', 'confirmed'],
    );
    for (const received of await Promise.all(got)) {
      assert.equal(sha256Hex(await received.bytes()), sha256Hex(file));
    }
    const ratio = result.sentBytes / file.length;
    assert.ok(ratio < 1.6, `sender uploaded ${ratio.toFixed(2)}× the file for 4 peers`);
    close(nodes);
  });
});

describe('GroupPush over a partial mesh', () => {
  it('delivers to members that see only some of the others, the sender filling the gaps', async () => {
    const sender = createNode('s');
    const receivers = ['r1', 'r2', 'r3', 'r4'].map((id) => createNode(id));
    for (const r of receivers) link(sender, r);
    const [r1, r2, r3, r4] = receivers as [MeshNode, MeshNode, MeshNode, MeshNode];
    link(r1, r2); // two islands of two: r1–r2 and r3–r4
    link(r3, r4);
    const file = testBytes(8 * MiB, 13);
    const got = receivers.map((r) => nextReceived(r));
    const result = await sender.push.push(file, { to: receivers.map((r) => r.id) });
    assert.deepEqual(
      result.peers.map((p) => p.status),
      ['confirmed', 'confirmed', 'confirmed', 'confirmed'],
    );
    for (const received of await Promise.all(got))
      assert.equal(sha256Hex(await received.bytes()), sha256Hex(file));
    const ratio = result.sentBytes / file.length;
    assert.ok(ratio < 2.3, `two islands should cost about two copies, not ${ratio.toFixed(2)}`);
    close([sender, ...receivers]);
  });
});

describe('GroupPush progress', () => {
  it('reports bytes, rate and time left on both sides, ending at the whole size', async () => {
    let clock = 0;
    const now = (): number => (clock += 50); // every reading is 50 ms later: rates are finite and deterministic
    const receiverProgress: ReceiveProgress[] = [];
    const nodes = fullMesh(2, { now, onReceiveProgress: (p) => receiverProgress.push(p) });
    const [sender, receiver] = nodes as [MeshNode, MeshNode];
    const senderProgress: PushProgress[] = [];
    const file = testBytes(4 * MiB, 8);
    await sender.push.push(file, { to: [receiver.id], onProgress: (p) => senderProgress.push(p) });
    const last = senderProgress.at(-1) as PushProgress;
    assert.equal(last.totalBytes, file.length);
    assert.deepEqual(
      last.peers.map((p) => [p.status, p.receivedBytes, p.remainingMs]),
      [['confirmed', file.length, 0]],
    );
    assert.ok(last.sentBytes >= file.length);
    assert.ok(
      senderProgress.some((p) => (p.peers[0]?.rate ?? 0) > 0),
      'the sender saw a rate',
    );
    const mid = receiverProgress.find((p) => p.receivedBytes > 0 && p.receivedBytes < file.length);
    assert.ok(mid, 'the receiver saw progress mid-way');
    assert.ok(mid.rate > 0 && (mid.remainingMs ?? 0) > 0, 'with a rate and a time left');
    const end = receiverProgress.at(-1) as ReceiveProgress;
    assert.deepEqual([end.receivedBytes, end.fetchedBytes, end.remainingMs], [file.length, file.length, 0]);
    close(nodes);
  });
});
