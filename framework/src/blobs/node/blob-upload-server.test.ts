/**
 * Blobs reach a real `offgrid serve`: device A is the gateway and starts before the server exists; B is only
 * nearby (memory channels to A). Once the server is up and A's gateway connects, A uploads its own photo and the
 * one it got from B (the data mule), byte-identical; a second gateway holding the same photo uploads nothing and
 * downloads the photo only the server has for it.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { freePort, type ServeProcess, serveFiles, startServeProcess } from '@offgrid/server/testing';
import { createMemoryChannelPair } from '@offgrid/sync';
import { until } from '@offgrid/transport-lp2p/testing';
import { MemoryDocumentStore } from '../../store/memory-store.ts';
import { openWorkspace, type Workspace } from '../../workspace/workspace.ts';
import { MemoryBlobStore } from '../memory-blob-store.ts';
import { photoBytes, sha256Hex } from '../testing/blob-store-conformance.ts';
import { openBlobs, type WorkspaceBlobs } from '../workspace-blobs.ts';

const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: ['survey/'] }]);
after(() => files.remove());

interface Device {
  workspace: Workspace;
  blobs: WorkspaceBlobs;
  changed: Array<() => void>;
}

function device(id: string, url?: string): Device {
  const changed: Array<() => void> = [];
  const workspace = openWorkspace({
    appId: 'survey',
    store: new MemoryDocumentStore(),
    ...(url && {
      server: {
        url,
        token: 'team',
        networkChanges: (listener) => {
          changed.push(listener);
          return () => {};
        },
      },
    }),
  });
  const blobs = openBlobs(workspace, {
    id,
    store: new MemoryBlobStore(),
    ...(url && { server: { url, token: 'team' } }),
  });
  const refs = workspace.doc('survey/refs').getMap('photos');
  refs.observe(() => void blobs.reference(refs.keys()));
  return { workspace, blobs, changed };
}

it('uploads referenced blobs when the gateway gets online, and never twice', async () => {
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}`;
  const a = device('A', url);
  const b = device('B');
  const [docA, docB] = createMemoryChannelPair('A', 'B');
  a.workspace.attach(docA, { peerId: 'B' });
  b.workspace.attach(docB, { peerId: 'A' });
  const [blobA, blobB] = createMemoryChannelPair('A', 'B');
  a.blobs.addPeer('B', blobA);
  b.blobs.addPeer('A', blobB);

  const fromA = photoBytes(2 * 1024 * 1024, 11);
  const fromB = photoBytes(900_000, 12);
  a.workspace
    .doc('survey/refs')
    .getMap('photos')
    .set(await a.blobs.put(fromA), true);
  b.workspace
    .doc('survey/refs')
    .getMap('photos')
    .set(await b.blobs.put(fromB), true);
  const hashes = [sha256Hex(fromA), sha256Hex(fromB)];
  await until(() => a.blobs.store.has(sha256Hex(fromB)), "B's photo on A", 20_000);
  await new Promise((resolve) => setTimeout(resolve, 200)); // A tries, fails (no server), waits
  assert.deepEqual(a.blobs.uploader?.pending().sort(), [...hashes].sort(), 'nothing uploaded while offline');

  let server: ServeProcess | undefined;
  let second: Device | undefined;
  try {
    server = await startServeProcess([
      '--port',
      String(port),
      '--data',
      files.data,
      '--tokens',
      files.tokens,
    ]);
    for (const changed of a.changed) changed();
    await until(() => a.blobs.uploader?.pending().length === 0, 'A to upload both photos', 20_000);
    assert.equal(a.blobs.uploader?.counts.uploaded, 2);
    assert.equal(a.blobs.uploader?.counts.uploadedBytes, fromA.byteLength + fromB.byteLength);
    for (const hash of hashes) {
      const response = await fetch(`http://127.0.0.1:${port}/api/blobs/${hash}`, {
        headers: { Authorization: 'Bearer team' },
      });
      assert.equal(
        sha256Hex(new Uint8Array(await response.arrayBuffer())),
        hash,
        'byte-identical on the server',
      );
    }

    // Another gateway with A's photo: it learns both references from the server's copy of the document, checks
    // A's photo with one question (no upload) and downloads B's, which only the server has for it.
    second = device('C', url);
    await second.blobs.put(fromA);
    await until(
      () => second?.blobs.store.has(sha256Hex(fromB)) ?? false,
      "C to get B's photo from the server",
      20_000,
    );
    await until(() => second?.blobs.uploader?.pending().length === 0, 'C to be done with the server', 20_000);
    assert.deepEqual(second.blobs.uploader?.counts, {
      uploaded: 0,
      uploadedBytes: 0,
      alreadyThere: 1,
      downloaded: 1,
      downloadedBytes: fromB.byteLength,
    });
  } finally {
    for (const d of [a, b, ...(second ? [second] : [])]) {
      d.blobs.close();
      await d.workspace.close();
    }
    await server?.stop();
  }
});
