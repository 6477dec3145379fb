/**
 * The page's outbox after a tab died mid-save: an entry whose bytes never reached the page's store (killed
 * between the outbox write and the store write) is dropped when the outbox is read, not left pending forever;
 * entries with their bytes are uploaded; a save still under way in this page is not taken for a dead one.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { until } from '@offgrid/transport-lp2p/testing';
import type { BlobStore } from '../blobs/blob-store.ts';
import { MemoryBlobStore } from '../blobs/memory-blob-store.ts';
import { photoBytes, sha256Hex } from '../blobs/testing/blob-store-conformance.ts';
import { AgentBlobs } from './agent-blobs.ts';
import { type BlobOutbox, MemoryBlobOutbox } from './blob-outbox.ts';

/** The agent's page endpoint as a map: no `POST …/missing` (405), `HEAD`, `PUT`. */
function fakeAgent() {
  const blobs = new Map<string, Uint8Array>();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const hash = String(input).split('/').pop() as string;
    const method = init?.method ?? 'GET';
    if (method === 'POST') return new Response(null, { status: 405 });
    if (method === 'HEAD') return new Response(null, { status: blobs.has(hash) ? 200 : 404 });
    if (method === 'PUT') {
      blobs.set(hash, new Uint8Array(await new Response(init?.body).arrayBuffer()));
      return new Response(null, { status: 201 });
    }
    const held = blobs.get(hash);
    return held ? new Response(held as Uint8Array<ArrayBuffer>) : new Response(null, { status: 404 });
  };
  return { blobs, fetch };
}

it('drops an outbox entry whose bytes were never stored, and uploads those whose bytes were', async () => {
  const agent = fakeAgent();
  const store = new MemoryBlobStore();
  const outbox = new MemoryBlobOutbox();
  const saved = photoBytes(3000, 1);
  const orphan = sha256Hex(photoBytes(3000, 2)); // the tab died after the outbox write, before the bytes
  await outbox.add(await store.put(saved));
  await outbox.add(orphan);
  const page = new AgentBlobs({
    store,
    outbox,
    base: 'http://127.0.0.1:1/app',
    tokens: { get: () => 'token' },
    fetch: agent.fetch,
  });
  await page.ready;
  assert.deepEqual(await outbox.list(), [sha256Hex(saved)], 'the orphan entry is gone');
  assert.ok(!page.pending().includes(orphan), 'and not pending');
  await until(() => agent.blobs.has(sha256Hex(saved)), 'the saved photo on the agent');
  await until(async () => (await outbox.list()).length === 0, 'the outbox emptied');
  assert.deepEqual(page.pending(), []);
  await page.close();
});

it('keeps the entry of a save still under way in this page when the outbox is read', async () => {
  const agent = fakeAgent();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = new MemoryBlobStore();
  const slowStore: BlobStore = {
    put: async (bytes, hash) => {
      await gate;
      return store.put(bytes, hash);
    },
    get: (hash) => store.get(hash),
    has: (hash) => store.has(hash),
    missing: (hashes) => store.missing(hashes),
    list: () => store.list(),
    close: () => store.close(),
  };
  const outbox = new MemoryBlobOutbox();
  let listed: () => void = () => {};
  const listing = new Promise<void>((resolve) => {
    listed = resolve;
  });
  const slowOutbox: BlobOutbox = {
    list: async () => {
      await listing;
      return outbox.list();
    },
    add: (hash) => outbox.add(hash),
    delete: (hash) => outbox.delete(hash),
    close: () => outbox.close(),
  };
  const page = new AgentBlobs({
    store: slowStore,
    outbox: slowOutbox,
    base: 'http://127.0.0.1:1/app',
    tokens: { get: () => 'token' },
    fetch: agent.fetch,
  });
  const photo = photoBytes(3000, 3);
  const saving = page.put(photo); // its outbox entry is written, its bytes wait for the gate
  await until(async () => (await outbox.list()).length === 1, 'the outbox entry');
  listed(); // the outbox is read while the bytes are not stored yet
  await page.ready;
  assert.deepEqual(await outbox.list(), [sha256Hex(photo)], 'the entry of the save under way is kept');
  release();
  assert.equal(await saving, sha256Hex(photo));
  await until(() => agent.blobs.has(sha256Hex(photo)), 'the photo on the agent');
  await page.close();
});
