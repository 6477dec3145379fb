import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeWholeHash } from '../node/node-whole-hash.ts';
import { chunkDigestFor, portableWholeHash } from './chunk-hash.ts';
import { chunkLength, type PushManifest } from './push-manifest.ts';
import { createManifest, toPushSource } from './push-source.ts';
import { MemoryPushStore } from './push-store.ts';
import { testBytes } from './testing/push-mesh.ts';
import { VerifiedChunks } from './verified-chunks.ts';

const hashes = { wholeHash: nodeWholeHash, digest: chunkDigestFor(nodeWholeHash) };
const info = { kind: 'file', name: 'f', mediaType: 'application/octet-stream' } as const;

function chunkOf(content: Uint8Array, m: PushManifest, index: number): Uint8Array {
  const start = index * m.chunkSize;
  return content.slice(start, start + chunkLength(m, index));
}

describe('VerifiedChunks: the whole hash as chunks arrive', () => {
  // 40 chunks of 256 KiB (the last shorter): more than the 16 kept ahead of the cursor.
  const content = testBytes(40 * 256 * 1024 - 1000, 7);

  it('matches in any arrival order, reading back only what it did not keep', async () => {
    const m = await createManifest(toPushSource(content), info, hashes);
    const store = new MemoryPushStore();
    const chunks = await VerifiedChunks.open(store, 't', m, hashes);
    // Last to first: all but the first 16 are ahead of the cursor when they arrive.
    for (let index = m.chunkCount - 1; index >= 0; index--)
      await chunks.put(index, chunkOf(content, m, index));
    assert.equal(await chunks.verifyWhole(), 'ok');
  });

  it('counts chunks held from before a restart, and with the portable hashes too', async () => {
    const portable = { wholeHash: portableWholeHash, digest: chunkDigestFor(undefined) };
    const m = await createManifest(toPushSource(content), info, portable);
    const store = new MemoryPushStore();
    const before = await VerifiedChunks.open(store, 't', m, portable);
    for (let index = 0; index < m.chunkCount; index += 2) await before.put(index, chunkOf(content, m, index));
    const after = await VerifiedChunks.open(store, 't', m, portable);
    for (let index = 1; index < m.chunkCount; index += 2) await after.put(index, chunkOf(content, m, index));
    assert.equal(after.held.complete, true);
    assert.equal(await after.verifyWhole(), 'ok');
  });

  it('a chunk gone from the store is missing, and the whole is checked afresh once it is back', async () => {
    const m = await createManifest(toPushSource(content), info, hashes);
    const store = new MemoryPushStore();
    const transfer = await store.open('t', m);
    const chunks = await VerifiedChunks.open(store, 't', m, hashes);
    // Chunks 30… arrive first, beyond the window kept in memory; then 30 vanishes from the store.
    for (let index = m.chunkCount - 1; index >= 0; index--)
      await chunks.put(index, chunkOf(content, m, index));
    await transfer.delete(30);
    assert.equal(await chunks.verifyWhole(), 'missing');
    assert.equal(chunks.held.has(30), false);
    await chunks.put(30, chunkOf(content, m, 30));
    assert.equal(await chunks.verifyWhole(), 'ok');
  });

  it('chunks that match the manifest but not its whole hash are a mismatch', async () => {
    const m = await createManifest(toPushSource(content), info, hashes);
    const lying = { ...m, sha256: new Uint8Array(32) };
    const chunks = await VerifiedChunks.open(new MemoryPushStore(), 't', lying, hashes);
    for (let index = 0; index < m.chunkCount; index++) await chunks.put(index, chunkOf(content, m, index));
    assert.equal(await chunks.verifyWhole(), 'mismatch');
  });
});
