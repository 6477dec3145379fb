/**
 * Share and import between workspaces over real links: a `ws` WebSocket on loopback, and LP2P data channels over
 * TLS/TCP and QUIC sessions (the push channel labelled `offgrid-push`, as between agents).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { GROUP_PUSH_CHANNEL_LABEL } from '@offgrid/sync';
import { type LP2PPair, lp2pPair, openChannel } from '@offgrid/transport-lp2p/testing';
import { WebSocket, WebSocketServer } from 'ws';
import type { ImportedDocument, ImportedFile } from './share-types.ts';
import { nextShareEvent, type ShareDevice, shareDevice } from './testing/share-pair.ts';

const MiB = 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function randomish(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    new DataView(bytes.buffer).setUint32(i, x >>> 0);
  }
  return bytes;
}

async function shareBetween(link: (a: ShareDevice, b: ShareDevice) => Promise<void>): Promise<void> {
  const a = shareDevice('a');
  const b = shareDevice('b');
  try {
    await link(a, b);
    b.share.addEventListener('offer', (e) => b.share.accept(e.offer.transferId));
    const file = randomish(16 * MiB);
    let imported = nextShareEvent(b.share, 'import', 120_000);
    const result = await a.share.shareFile({ name: 'model.bin', bytes: file }, { to: ['b'] });
    assert.equal(result.peers[0]?.status, 'confirmed');
    const got = (await imported).imported as ImportedFile;
    assert.equal(got.bytes?.length, file.length);
    assert.equal(sha(got.bytes as Uint8Array), sha(file), '16 MiB arrive byte-identical');
    assert.equal(got.sha256, sha(file));

    a.workspace.doc('plan').getText('t').insert(0, 'over the wire');
    imported = nextShareEvent(b.share, 'import', 20_000);
    await a.share.shareDocument('plan', { to: ['b'] });
    assert.equal(((await imported).imported as ImportedDocument).name, 'plan');
    assert.equal(b.workspace.doc('plan').getText('t').toString(), 'over the wire');
  } finally {
    await a.close();
    await b.close();
  }
}

describe('NearbyShare over real links', () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const sockets: WebSocket[] = [];
  const pairs: LP2PPair[] = [];
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
    for (const pair of pairs) await pair.close();
  });

  it('a ws WebSocket on loopback: 16 MiB byte-identical, then a document merged', async () => {
    await shareBetween(async (a, b) => {
      if (server.address() === null) await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
      const client = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise((resolve, reject) => {
        client.once('open', resolve);
        client.once('error', reject);
      });
      const serverSide = await accepted;
      sockets.push(client, serverSide);
      a.share.addPeer('b', client);
      b.share.addPeer('a', serverSide);
    });
  });

  for (const kind of ['tcp', 'quic'] as const) {
    it(`LP2P data channels over ${kind}: 16 MiB byte-identical, then a document merged`, async () => {
      await shareBetween(async (a, b) => {
        const pair = await lp2pPair(kind);
        pairs.push(pair);
        const { local, remote } = await openChannel(pair, GROUP_PUSH_CHANNEL_LABEL);
        a.share.addPeer('b', local);
        b.share.addPeer('a', remote);
      });
    });
  }
});
