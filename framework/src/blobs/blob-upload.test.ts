import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { until } from '@offgrid/transport-lp2p/testing';
import { BlobSyncError } from './blob-sync-error.ts';
import { BlobUploader, httpBase } from './blob-upload.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { photoBytes, sha256Hex } from './testing/blob-store-conformance.ts';

/**
 * A server in a map, answering as `/api/blobs/` does (without `POST /api/blobs/missing`, as an older server, when
 * `batch` is false); `fail` answers the next calls with a status instead (0: answer normally).
 */
function fakeServer({ batch = true } = {}) {
  const blobs = new Map<string, Uint8Array>();
  const calls: string[] = [];
  const fail: number[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const hash = String(input).split('/').pop() as string;
    const method = init?.method ?? 'GET';
    const asked = method === 'POST' ? (JSON.parse(String(init?.body)) as string[]) : [];
    calls.push(
      `${method} ${method === 'POST' ? asked.map((name) => name.slice(0, 6)).join(',') : hash.slice(0, 6)}`,
    );
    const status = fail.shift();
    if (status) return new Response(null, { status });
    if (method === 'POST')
      return batch && hash === 'missing'
        ? Response.json({ missing: asked.filter((name) => !blobs.has(name)) })
        : new Response(null, { status: 405 });
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
  it('leaves no retry behind once closed, however many blobs arrived while the server was away', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const store = new MemoryBlobStore();
    let asked = 0;
    const uploader = new BlobUploader({
      store,
      url: 'http://server.invalid',
      token: 't',
      maxDelayMs: 60_000,
      fetch: async () => {
        asked++;
        throw new TypeError('fetch failed');
      },
    });
    for (let i = 0; i < 30; i++) {
      uploader.add([await store.put(photoBytes(100, i))]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.ok(asked >= 30, `${asked} requests: each arrival tried at once`);
    uploader.close();
    // A retry timer left pending would keep a Node process (offgrid up) alive for up to a minute after close.
    assert.equal(timers(), before, 'no timer left');
  });

  it('asks about a blob that is nowhere once, not again on every arrival; a full round asks again', async () => {
    const server = fakeServer();
    const store = new MemoryBlobStore();
    const uploader = new BlobUploader({ store, url: 'ws://sync.test', token: 't', fetch: server.fetch });
    const away = sha256Hex(photoBytes(100, 1));
    uploader.add([away, 'not-a-hash']);
    await until(() => server.calls.length === 1, 'the first question');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(server.calls.splice(0), [`POST ${away.slice(0, 6)}`]);
    for (let i = 2; i < 5; i++) {
      const hash = await store.put(photoBytes(100, i));
      uploader.add([hash]);
      await until(() => uploader.pending().length === 1, 'the upload');
    }
    assert.equal(server.calls.filter((call) => call.endsWith(away.slice(0, 6))).length, 0);
    assert.equal(server.calls.length, 6, 'a question and a PUT per held blob');
    assert.equal(uploader.counts.uploaded, 3);
    await uploader.run();
    assert.deepEqual(server.calls.slice(6), [`POST ${away.slice(0, 6)}`], 'a full round asks again');
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
    server.fail.push(0, 403); // the question answered, the PUT refused
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

  it('asks about all its blobs in one request, and with a HEAD each when the server does not answer that', async () => {
    for (const batch of [true, false]) {
      const server = fakeServer({ batch });
      const store = new MemoryBlobStore();
      const uploader = new BlobUploader({ store, url: 'http://sync.test', token: 't', fetch: server.fetch });
      const [mine, both, theirs] = [1, 2, 3].map((seed) => photoBytes(500, 20 + seed)) as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      await store.put(mine);
      await store.put(both);
      server.blobs.set(sha256Hex(both), both);
      server.blobs.set(sha256Hex(theirs), theirs);
      const hashes = [mine, both, theirs].map(sha256Hex);
      uploader.add(hashes);
      await until(() => uploader.pending().length === 0, 'all three handled');
      assert.deepEqual(uploader.counts, {
        uploaded: 1,
        uploadedBytes: 500,
        alreadyThere: 1,
        downloaded: 1,
        downloadedBytes: 500,
      });
      const methods = server.calls.map((call) => call.split(' ')[0]);
      const expected = batch ? ['POST', 'PUT', 'GET'] : ['POST', 'HEAD', 'PUT', 'HEAD', 'HEAD', 'GET'];
      assert.deepEqual(methods, expected, batch ? 'one question for all' : 'a HEAD each');
      const later = sha256Hex(photoBytes(500, 30));
      server.calls.length = 0;
      uploader.add([later]);
      await until(() => server.calls.length === 1, 'the question about a later blob');
      await uploader.run();
      assert.deepEqual(
        server.calls.map((call) => call.split(' ')[0]),
        batch ? ['POST', 'POST'] : ['HEAD', 'HEAD'],
        'a server that answered 405 is not asked with POST again',
      );
      uploader.close();
    }
  });
});
