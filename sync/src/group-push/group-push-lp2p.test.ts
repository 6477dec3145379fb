import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { type LP2PPair, lp2pPair, openChannel, type PairKind } from '@offgrid/transport-lp2p/testing';
import { GROUP_PUSH_CHANNEL_LABEL } from './group-push.ts';
import { createNode, type MeshNode, nextReceived, testBytes } from './testing/push-mesh.ts';

const MiB = 1024 * 1024;
const hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

for (const [kind, peers, size] of [
  ['tcp', 3, 12 * MiB],
  ['quic', 2, 4 * MiB],
] as Array<[PairKind, number, number]>) {
  describe(`GroupPush over LP2PDataChannel on ${kind} (loopback)`, () => {
    const pairs: LP2PPair[] = [];
    after(async () => {
      for (const pair of pairs) await pair.close();
    });

    it(`delivers ${size / MiB} MiB to ${peers} meshed peers byte-identical, the sender uploading about one copy`, async () => {
      const nodes = ['s', ...Array.from({ length: peers }, (_, i) => `r${i + 1}`)].map((id) =>
        createNode(id),
      );
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const pair = await lp2pPair(kind);
          pairs.push(pair);
          const { local, remote } = await openChannel(pair, GROUP_PUSH_CHANNEL_LABEL);
          (nodes[i] as MeshNode).push.addPeer((nodes[j] as MeshNode).id, local);
          (nodes[j] as MeshNode).push.addPeer((nodes[i] as MeshNode).id, remote);
        }
      }
      const [sender, ...receivers] = nodes as [MeshNode, ...MeshNode[]];
      const file = testBytes(size, 61);
      const got = receivers.map((r) => nextReceived(r, 60_000));
      try {
        const result = await sender.push.push(file, { to: receivers.map((r) => r.id) });
        assert.deepEqual(
          result.peers.map((p) => p.status),
          receivers.map(() => 'confirmed'),
        );
        for (const received of await Promise.all(got)) assert.equal(hex(await received.bytes()), hex(file));
        if (peers > 1) {
          const ratio = result.sentBytes / file.length;
          assert.ok(ratio < 1.6, `sender uploaded ${ratio.toFixed(2)}× the file for ${peers} peers`);
        }
      } finally {
        for (const node of nodes) node.push.close();
      }
    });
  });
}
