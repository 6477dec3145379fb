import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { createNode, type MeshNode, nextReceived, testBytes } from './testing/push-mesh.ts';

const MiB = 1024 * 1024;
const hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Joins two nodes with a real `ws` WebSocket on loopback (no `bufferedamountlow`: the push polls). */
async function linkOverWebSocket(server: WebSocketServer, a: MeshNode, b: MeshNode): Promise<WebSocket[]> {
  const { port } = server.address() as AddressInfo;
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  const serverSide = await accepted;
  a.push.addPeer(b.id, client);
  b.push.addPeer(a.id, serverSide);
  return [client, serverSide];
}

describe('GroupPush over ws WebSockets on loopback', () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const sockets: WebSocket[] = [];
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers 12 MiB to 3 meshed peers byte-identical, the sender uploading about one copy', async () => {
    await new Promise((resolve) => server.once('listening', resolve));
    const nodes = ['s', 'r1', 'r2', 'r3'].map((id) => createNode(id));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        sockets.push(...(await linkOverWebSocket(server, nodes[i] as MeshNode, nodes[j] as MeshNode)));
      }
    }
    const [sender, ...receivers] = nodes as [MeshNode, ...MeshNode[]];
    const file = testBytes(12 * MiB, 51);
    const got = receivers.map((r) => nextReceived(r, 60_000));
    try {
      const result = await sender.push.push(file, { to: receivers.map((r) => r.id) });
      assert.deepEqual(
        result.peers.map((p) => p.status),
        ['confirmed', 'confirmed', 'confirmed'],
      );
      for (const received of await Promise.all(got)) assert.equal(hex(await received.bytes()), hex(file));
      const ratio = result.sentBytes / file.length;
      assert.ok(ratio < 1.6, `sender uploaded ${ratio.toFixed(2)}× the file for 3 peers`);
    } finally {
      for (const node of nodes) node.push.close();
    }
  });
});
