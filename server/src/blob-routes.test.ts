import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  mediaDocName,
  photoBlobHash,
  SubmissionStore,
  submissionDocName,
  writePhoto,
} from '@offgrid/field-survey';
import { householdValues, sampleBytes } from '@offgrid/field-survey/testing';
import { unzipSync } from 'fflate';
import { SqliteBlobs } from './blob-store.ts';
import { type RunningServer, startServer } from './start-server.ts';
import { connectClient, type TestClient, waitFor } from './testing/provider-client.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jpeg = (size: number, seed: number) => {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed * 7) & 0xff);
  bytes.set([0xff, 0xd8, 0xff], 0);
  return bytes;
};

describe('blob endpoints of offgrid serve, over real HTTP', () => {
  let files: ServeFiles;
  let server: RunningServer;
  let base: string;

  before(async () => {
    files = serveFiles([
      { token: 'coord', access: 'read-write', prefixes: ['survey/'] },
      { token: 'viewer', access: 'read', prefixes: ['survey/'] },
    ]);
    server = await startServer({ port: 0, dataPath: files.data, tokensPath: files.tokens, log: () => {} });
    base = `http://127.0.0.1:${server.port}/api/blobs/`;
  });
  after(async () => {
    await server?.close();
    files?.remove();
  });

  const call = (hash: string, method: string, token?: string, body?: Uint8Array) =>
    fetch(base + hash, {
      method,
      ...(body && { body: body as Uint8Array<ArrayBuffer> }),
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });

  it('PUT stores verified bytes once (201, then 200), HEAD and GET give them back byte-identical', async () => {
    const photo = jpeg(300_000, 1);
    const hash = sha256(photo);
    assert.equal((await call(hash, 'HEAD', 'viewer')).status, 404);
    assert.equal((await call(hash, 'PUT', 'coord', photo)).status, 201);
    const again = await call(hash, 'PUT', 'coord', photo);
    assert.equal(again.status, 200, 'a second upload is a no-op');
    assert.deepEqual(await again.json(), { hash, bytes: photo.byteLength });
    const head = await call(hash, 'HEAD', 'viewer');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(photo.byteLength));
    const got = new Uint8Array(await (await call(hash, 'GET', 'viewer')).arrayBuffer());
    assert.equal(sha256(got), hash);
  });

  it('refuses: 401 without or with an unknown token, 403 a read token writing, 400 bad hash or name, 413 too large', async () => {
    const photo = jpeg(1000, 2);
    const hash = sha256(photo);
    for (const token of [undefined, 'nobody']) {
      const response = await call(hash, 'PUT', token, photo);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await call(hash, 'GET', token)).status, 401);
    }
    assert.equal((await call(hash, 'PUT', 'viewer', photo)).status, 403);
    const wrong = await call(sha256(jpeg(1000, 3)), 'PUT', 'coord', photo);
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { error: string }).error, 'hash-mismatch');
    assert.equal((await call(sha256(jpeg(1000, 3)), 'HEAD', 'coord')).status, 404, 'nothing stored');
    assert.equal((await call('ABC', 'GET', 'coord')).status, 400);
    assert.equal((await call(hash.toUpperCase(), 'PUT', 'coord', photo)).status, 400);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    assert.equal((await call(sha256(big), 'PUT', 'coord', big)).status, 413);
    assert.equal((await call(hash, 'DELETE', 'coord')).status, 405);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200, 'still serving');
  });

  it('POST /api/blobs/missing names the blobs not held, for any valid token; refuses bad or oversized lists', async () => {
    const held = jpeg(5000, 60);
    const absent = sha256(jpeg(5000, 61));
    assert.equal((await call(sha256(held), 'PUT', 'coord', held)).status, 201);
    const ask = (body: string, token?: string) =>
      fetch(`${base}missing`, {
        method: 'POST',
        body,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
    const answer = await ask(JSON.stringify([sha256(held), absent]), 'viewer');
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { missing: [absent] });
    assert.deepEqual(await (await ask('[]', 'coord')).json(), { missing: [] });
    assert.equal((await ask(JSON.stringify([absent]))).status, 401);
    assert.equal((await ask(JSON.stringify([absent]), 'nobody')).status, 401);
    for (const bad of ['{', '{"a":1}', '["ABC"]', JSON.stringify([absent, 7]), 'null']) {
      const refused = await ask(bad, 'coord');
      assert.equal(refused.status, 400, bad);
      assert.equal(((await refused.json()) as { error: string }).error, 'invalid-names');
    }
    const tooMany = JSON.stringify(Array.from({ length: 1001 }, () => absent));
    assert.equal((await ask(tooMany, 'coord')).status, 413);
    assert.equal((await call('missing', 'GET', 'coord')).status, 400, 'only POST asks');
  });

  it('the zip export has blob photos byte-identical and still reads photos kept as media documents', async () => {
    const formResponse = await fetch(`http://127.0.0.1:${server.port}/api/forms`, {
      method: 'POST',
      body: (await sampleBytes('household-needs')) as Uint8Array<ArrayBuffer>,
      headers: { Authorization: 'Bearer coord' },
    });
    assert.ok(formResponse.status === 201 || formResponse.status === 200);
    const photos = [jpeg(2 * 1024 * 1024, 4), jpeg(700_000, 5)];
    const names = photos.map((photo) => `${sha256(photo)}.jpg`);
    for (const photo of photos) assert.equal((await call(sha256(photo), 'PUT', 'coord', photo)).status, 201);
    const clients: TestClient[] = [];
    try {
      const author = { device: 'tablet-a', person: 'Awa' };
      const values = [names[0], names[1], 'dwelling-old.jpg'];
      for (const [i, photo] of values.entries()) {
        const client = connectClient(server.url, submissionDocName('household_needs', `b-${i}`), 'coord');
        clients.push(client);
        new SubmissionStore(client.doc, { author }).create(
          { formId: 'household_needs', formVersion: '2026120101' },
          { ...householdValues(i), dwelling_photo: photo as string },
          `b-${i}`,
        );
      }
      const legacy = connectClient(server.url, mediaDocName('household_needs', 'dwelling-old.jpg'), 'coord');
      clients.push(legacy);
      writePhoto(legacy.doc, new Uint8Array([0xff, 0xd8, 9, 0xff, 0xd9]));
      await waitFor(
        () => clients.every((c) => c.provider.synced && !c.provider.hasUnsyncedChanges),
        10_000,
        'every document acknowledged by the server',
      );
      const zip = await fetch(`http://127.0.0.1:${server.port}/api/forms/household_needs/export.zip`, {
        headers: { Authorization: 'Bearer viewer' },
      });
      const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      for (const [i, name] of names.entries()) {
        const entry = entries[`media/${name}`];
        assert.ok(entry, `media/${name} in the zip`);
        assert.equal(sha256(entry), photoBlobHash(name));
        assert.equal(sha256(entry), sha256(photos[i] as Uint8Array));
      }
      assert.deepEqual(entries['media/dwelling-old.jpg'], new Uint8Array([0xff, 0xd8, 9, 0xff, 0xd9]));
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('keeps blobs in the SQLite file across a reopen', async () => {
    const photo = jpeg(5000, 6);
    assert.equal((await call(sha256(photo), 'PUT', 'coord', photo)).status, 201);
    const reader = new SqliteBlobs(files.data);
    try {
      assert.equal(sha256(reader.get(sha256(photo)) as Uint8Array), sha256(photo));
    } finally {
      reader.close();
    }
  });
});
