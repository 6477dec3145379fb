import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { BlobError, type BlobStore } from '../blob-store.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function photoBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

async function rejectsWith(work: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => error instanceof BlobError && error.code === code);
}

/** What every {@link BlobStore} must do; `open(maxBytes)` makes a fresh store with that limit. */
export function blobStoreConformance(
  name: string,
  open: (maxBytes: number) => BlobStore | Promise<BlobStore>,
): void {
  describe(`${name} (blob store conformance)`, () => {
    it('put names bytes by their SHA-256; get, has, missing and list agree', async () => {
      const store = await open(1024 * 1024);
      const a = photoBytes(300_000, 1);
      const b = photoBytes(10, 2);
      const hashA = await store.put(a);
      assert.equal(hashA, sha256Hex(a));
      assert.equal(await store.put(b, sha256Hex(b)), sha256Hex(b));
      assert.equal(await store.put(a), hashA, 'a second put of the same bytes is a no-op');
      assert.deepEqual(await store.get(hashA), a);
      assert.equal(await store.has(hashA), true);
      const absent = sha256Hex(photoBytes(5, 3));
      assert.equal(await store.has(absent), false);
      assert.equal(await store.get(absent), undefined);
      assert.deepEqual(await store.missing([absent, hashA, absent, sha256Hex(b)]), [absent]);
      assert.deepEqual((await store.list()).sort(), [hashA, sha256Hex(b)].sort());
      await store.close();
    });

    it('refuses bytes that do not match their name, and stores nothing', async () => {
      const store = await open(1024);
      const bytes = photoBytes(100, 4);
      const other = sha256Hex(photoBytes(100, 5));
      await rejectsWith(store.put(bytes, other), 'hash-mismatch');
      assert.equal(await store.has(other), false);
      assert.equal(await store.has(sha256Hex(bytes)), false);
      await store.close();
    });

    it('refuses blobs over its limit, malformed names, and use after close', async () => {
      const store = await open(1000);
      await rejectsWith(store.put(photoBytes(1001, 6)), 'too-large');
      assert.equal(await store.put(photoBytes(1000, 6)), sha256Hex(photoBytes(1000, 6)));
      await rejectsWith(store.get('abc'), 'invalid-hash');
      await rejectsWith(store.has('A'.repeat(64)), 'invalid-hash');
      await rejectsWith(store.missing(['../x']), 'invalid-hash');
      await rejectsWith(store.put(photoBytes(4, 1), 'nope'), 'invalid-hash');
      await store.close();
      await rejectsWith(store.get(sha256Hex(photoBytes(1000, 6))), 'closed');
      await rejectsWith(store.put(photoBytes(4, 1)), 'closed');
    });
  });
}
