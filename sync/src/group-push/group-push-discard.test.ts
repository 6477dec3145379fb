import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { chunkDigestFor, portableWholeHash } from './chunk-hash.ts';
import { CancelReason, encodeFrame, type PushFrame } from './push-frames.ts';
import { encodeManifest } from './push-manifest.ts';
import { createManifest, toPushSource } from './push-source.ts';
import { createNode, link, type MeshNode, testBytes } from './testing/push-mesh.ts';
import { rawPeer, until } from './testing/raw-peer.ts';

const hashes = { wholeHash: portableWholeHash, digest: chunkDigestFor(undefined) };
const requests = (frames: PushFrame[]) =>
  frames.filter((f): f is Extract<PushFrame, { type: 'request' }> => f.type === 'request');

describe('GroupPush: a member that lets the content go', () => {
  it('a receiver redirected to a member that already left asks the sender directly, without waiting', async () => {
    const receiver = createNode('r', { redirectWaitMs: 60_000 });
    const sender = rawPeer(receiver, 's');
    const member = rawPeer(receiver, 'a');
    const manifest = await createManifest(
      toPushSource(testBytes(1024 * 1024, 3)),
      { kind: 'file', name: 'f', mediaType: '' },
      hashes,
    );
    const manifestBytes = encodeManifest(manifest);
    const id = sha256(manifestBytes);
    sender.send(encodeFrame({ type: 'offer', id, manifest: manifestBytes, group: '', members: ['r', 'a'] }));
    await until(() => requests(sender.frames).length > 0, 2000, 'a request to the sender');
    // The member says what it holds, then goes (it saved the file and discarded it: CANCEL after its DONE).
    member.send(encodeFrame({ type: 'have-all', id, bits: new Uint8Array([0x0f]) }));
    member.send(encodeFrame({ type: 'cancel', id, reason: CancelReason.aborted }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A redirect that crossed the member's departure.
    const index = (requests(sender.frames).find((f) => !f.direct) as { index: number }).index;
    sender.send(encodeFrame({ type: 'redirect', id, index, holder: 'a' }));
    await until(
      () => requests(sender.frames).some((f) => f.index === index && f.direct),
      3000,
      `a direct request for chunk ${index}`,
    );
    receiver.push.close();
  });

  it('the sender stops redirecting to a recipient that confirmed and then let the content go', async () => {
    const sender = createNode('s');
    const discarding = (id: string): MeshNode => {
      const node: MeshNode = createNode(id, {
        onReceived: (received) => {
          node.received.push(received);
          if (id === 'r1') void received.discard();
        },
      });
      return node;
    };
    const [r1, r2] = [discarding('r1'), discarding('r2')];
    link(sender, r1);
    link(r1, r2);
    // r2 joins late: first r1 gets the whole and lets it go; then r2 is linked to the sender.
    const pushing = sender.push.push(testBytes(2 * 1024 * 1024, 5), { to: ['r1', 'r2'] });
    await until(() => r1.received.length === 1, 5000, 'r1 has the file');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    link(sender, r2);
    const result = await pushing;
    assert.deepEqual(
      result.peers.map((p) => p.status),
      ['confirmed', 'confirmed'],
    );
    // Redirected to r1 (which serves nothing any more) r2 would wait redirectWaitMs (5 s) per chunk batch.
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `r2 took ${ms.toFixed(0)} ms`);
    for (const node of [sender, r1, r2]) node.push.close();
  });
});
