import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { until } from '@offgrid/transport-lp2p/testing';
import { BlobSyncError } from './blob-sync-error.ts';
import { BlobUploader, httpBase } from './blob-upload.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { photoBytes, sha256Hex } from './testing/blob-store-conformance.ts';

/** A server in a map, answering as `/api/blobs/` does; `fail` answers the next calls with a status instead. */
function fakeServer() {
  const blobs = new Map<string, Uint8Array>();
  const calls: string[] = [];
  const fail: number[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const hash = String(input).split('/').pop() as string;
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${hash.slice(0, 6)}`);
    const status = fail.shift();
    if (status !== undefined) return new Response(null, { status });
    const held = blobs.get(hash);
    if (method === 'HEAD') return new Response(null, { status: held ? 200 : 404 });
    if (method === 'GET')
      return held ? new Response(held as Uint8Array<ArrayBuffer>) : new Response(null, { status: 404 });
    const body = new Uint8Array(await new Response(init?.body).arrayBuffer());
    blobs.set(hash, body);
    return new Response(null, { status: 201 });
  };
  return { blobs, calls, fail, fetch };
}

describe('BlobUploader', () => {
  it('asks about a blob that is nowhere once, not again on every arrival; a full round asks again', async () => {
    const server = fakeServer();
    const store = new MemoryBlobStore();
    const uploader = new BlobUploader({ store, url: 'ws://sync.test', token: 't', fetch: server.fetch });
    const away = sha256Hex(photoBytes(100, 1));
    uploader.add([away, 'not-a-hash']);
    await until(() => server.calls.length === 1, 'the first HEAD');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(server.calls.splice(0), [`HEAD ${away.slice(0, 6)}`]);
    for (let i = 2; i < 5; i++) {
      const hash = await store.put(photoBytes(100, i));
      uploader.add([hash]);
      await until(() => uploader.pending().length === 1, 'the upload');
    }
    assert.equal(server.calls.filter((call) => call.endsWith(away.slice(0, 6))).length, 0);
    assert.equal(server.calls.length, 6, 'a HEAD and a PUT per held blob');
    assert.equal(uploader.counts.uploaded, 3);
    await uploader.run();
    assert.deepEqual(server.calls.slice(6), [`HEAD ${away.slice(0, 6)}`], 'a full round asks again');
    uploader.close();
  });

  it('retries after 503 and network failures with backoff; a 403 is an error, not retried', async () => {
    const server = fakeServer();
    const store = new MemoryBlobStore();
    const uploader = new BlobUploader({
      store,
      url: 'http://sync.test/',
      token: 't',
      fetch: server.fetch,
      maxDelayMs: 40,
    });
    const errors: unknown[] = [];
    uploader.addEventListener('error', (event) => errors.push((event as CustomEvent).detail));
    const hash = await store.put(photoBytes(1000, 5));
    server.fail.push(503, 503);
    uploader.add([hash]);
    await until(() => uploader.counts.uploaded === 1, 'the upload after two 503s');
    assert.equal(sha256Hex(server.blobs.get(hash) as Uint8Array), hash);
    const refused = await store.put(photoBytes(1000, 6));
    server.fail.push(403);
    uploader.add([refused]);
    await until(() => errors.length === 1, 'the refusal');
    assert.ok(errors[0] instanceof BlobSyncError && errors[0].code === 'upload-refused');
    assert.deepEqual(uploader.pending(), []);
    uploader.close();
  });

  it('downloads what only the server has, and refuses bytes that are not what their name says', async () => {
    const server = fakeServer();
    const store = new MemoryBlobStore();
    const uploader = new BlobUploader({ store, url: 'wss://sync.test', token: 't', fetch: server.fetch });
    const errors: unknown[] = [];
    uploader.addEventListener('error', (event) => errors.push((event as CustomEvent).detail));
    const good = photoBytes(2000, 7);
    server.blobs.set(sha256Hex(good), good);
    const liar = sha256Hex(photoBytes(2000, 8));
    server.blobs.set(liar, photoBytes(2000, 9));
    uploader.add([sha256Hex(good), liar]);
    await until(() => uploader.pending().length === 0, 'both handled');
    assert.equal(uploader.counts.downloaded, 1);
    assert.equal(await store.has(sha256Hex(good)), true);
    assert.equal(await store.has(liar), false);
    assert.ok(errors[0] instanceof BlobSyncError && errors[0].code === 'bad-blob');
    assert.equal(httpBase('wss://h.example:8443/'), 'https://h.example:8443');
    uploader.close();
  });
});
