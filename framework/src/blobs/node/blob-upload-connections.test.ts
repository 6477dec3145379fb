/**
 * The gateway reuses its HTTP connections to `offgrid serve`: uploading and downloading many blobs (HEAD, PUT,
 * GET, and refused answers) goes over a handful of keep-alive TCP connections, not one per request. Counted on
 * a TCP relay in front of the real server: every connection the client opens is one the relay accepts. Before
 * the uploader asked with `POST /api/blobs/missing`, it sent a `HEAD` per blob, after which Node's `fetch`
 * (undici) closes its connection: 100 connections for 50 uploads, 50 for 50 checks, 100 for 50 downloads.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, it } from 'node:test';
import { type RunningServer, startServer } from '@offgrid/server';
import { serveFiles } from '@offgrid/server/testing';
import { until } from '@offgrid/transport-lp2p/testing';
import { BlobUploader } from '../blob-upload.ts';
import { MemoryBlobStore } from '../memory-blob-store.ts';
import { photoBytes, sha256Hex } from '../testing/blob-store-conformance.ts';

const files = serveFiles([
  { token: 'team', access: 'read-write', prefixes: ['survey/'] },
  { token: 'viewer', access: 'read', prefixes: ['survey/'] },
]);
let server: RunningServer;
let relay: Server;
let relayUrl: string;
let accepted = 0;
const sockets = new Set<Socket>();

before(async () => {
  server = await startServer({ port: 0, dataPath: files.data, tokensPath: files.tokens, log: () => {} });
  relay = createServer((client) => {
    accepted++;
    const upstream = connect(server.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  assert.ok(address && typeof address === 'object');
  relayUrl = `ws://127.0.0.1:${address.port}`;
});
after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => relay?.close(resolve));
  await server?.close();
  files.remove();
});

const N = 50;

it(`${N} uploads, ${N} "already there" checks and ${N} downloads reuse a handful of connections`, async () => {
  const photos = Array.from({ length: N }, (_, i) => photoBytes(20_000 + i, 100 + i));
  const hashes = photos.map(sha256Hex);
  const store = new MemoryBlobStore();
  for (const photo of photos) await store.put(photo);

  const start = accepted;
  const uploader = new BlobUploader({ store, url: relayUrl, token: 'team' });
  uploader.add(hashes);
  await until(() => uploader.counts.uploaded === N, `${N} uploads`, 30_000);
  uploader.close();
  const uploads = accepted - start;

  const again = new BlobUploader({ store, url: relayUrl, token: 'team' });
  again.add(hashes);
  await until(() => again.counts.alreadyThere === N, `${N} HEADs`, 30_000);
  again.close();
  const heads = accepted - start - uploads;

  const empty = new MemoryBlobStore();
  const down = new BlobUploader({ store: empty, url: relayUrl, token: 'viewer' });
  down.add(hashes);
  await until(() => down.counts.downloaded === N, `${N} downloads`, 30_000);
  down.close();
  const downloads = accepted - start - uploads - heads;
  assert.ok(uploads <= 3, `${N} uploads opened ${uploads} connections`);
  assert.ok(heads <= 3, `${N} HEADs opened ${heads} connections`);
  assert.ok(downloads <= 3, `${N} downloads opened ${downloads} connections`);
});

it(`${N} refused uploads (a read-only token: 403) reuse a handful of connections`, async () => {
  const photos = Array.from({ length: N }, (_, i) => photoBytes(20_000 + i, 300 + i));
  const store = new MemoryBlobStore();
  for (const photo of photos) await store.put(photo);
  const start = accepted;
  const uploader = new BlobUploader({ store, url: relayUrl, token: 'viewer' });
  let refused = 0;
  uploader.addEventListener('error', () => refused++);
  uploader.add(photos.map(sha256Hex));
  await until(() => refused === N, `${N} refusals`, 30_000);
  uploader.close();
  const opened = accepted - start;
  assert.ok(opened <= 3, `${N} refused uploads opened ${opened} connections`);
});
