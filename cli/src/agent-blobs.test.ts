/**
 * A page's blobs and its agent, in Node against the real app server and replica (loopback only), as `offgrid up`
 * wires them: the blob endpoint on the app's own port refuses a wrong Host, Origin or token with 403 before it
 * reads the body, a body that does not hash to its name with 400, one over the limit with 413; a page stand-in
 * (`AgentBlobs` over a memory store, the `Origin` header a browser would send) saves a photo while the agent is
 * down and it reaches the replica's blob store once the agent is back; a blob only the agent holds is fetched and
 * kept by the page; `appBlobs` tries its outbox the moment the page's link to the agent reopens, even when the agent
 * is alone (its connectivity stays `offline`).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import {
  AgentBlobs,
  AgentLink,
  appBlobs,
  MemoryBlobOutbox,
  MemoryBlobStore,
  MemoryDocumentStore,
  openWorkspace,
} from '@offgrid/framework/node';
import { OriginTokens } from '@offgrid/transport-lp2p/node';
import { WebSocket } from 'ws';
import { startAppAgent } from './testing/app-agent.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'agent-blobs-'));
const app = { id: 'blob-test', title: 'Blob test', files: new Map() };
const tokens = new OriginTokens();

async function startAgent(port = 0) {
  const agent = await startAppAgent({ app, stateDir, tokens, peerId: 'agent-under-test' });
  assert.ok(port === 0 || agent.port === port, 'the agent came back on its port');
  return agent;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/**
 * A raw request: headers first; the body (if any) only after `sendBodyAfterMs`, so an answer that arrives before
 * is one given without reading it.
 */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Uint8Array,
  sendBodyAfterMs = 0,
): Promise<Answer & { beforeBody: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = false;
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const beforeBody = !sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), beforeBody }),
      );
    });
    req.on('error', reject);
    req.flushHeaders();
    if (body === undefined) {
      sent = true;
      req.end();
      return;
    }
    setTimeout(() => {
      sent = true;
      if (!req.destroyed) req.end(body);
    }, sendBodyAfterMs).unref();
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let agent: Awaited<ReturnType<typeof startAgent>>;
let origin = '';
let token = '';
before(async () => {
  agent = await startAgent();
  origin = `http://127.0.0.1:${agent.port}`;
  token = tokens.issue(origin);
});
after(async () => {
  await agent?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

it('refuses a wrong Host, Origin or token with 403 before reading the body; a mismatch with 400; too large with 413', async () => {
  const photo = new Uint8Array(256 * 1024).map((_, i) => (i * 31) % 251);
  const hash = sha256(photo);
  const path = `/${app.id}/api/blobs/${hash}`;
  const good = { Host: `127.0.0.1:${agent.port}`, Origin: origin, Authorization: `Bearer ${token}` };
  const length = { 'Content-Length': String(photo.byteLength) };
  const refusals: [string, Record<string, string>][] = [
    ['a rebound name', { ...good, Host: `evil.example:${agent.port}` }],
    ['another origin', { ...good, Origin: 'http://127.0.0.1:1' }],
    ['no Origin on a write', { Host: good.Host, Authorization: good.Authorization }],
    ['no token', { Host: good.Host, Origin: origin }],
    ['a wrong token', { ...good, Authorization: 'Bearer not-the-token' }],
    ["another origin's token", { ...good, Authorization: `Bearer ${tokens.issue('http://127.0.0.1:1')}` }],
    ['a cross-site fetch', { ...good, 'Sec-Fetch-Site': 'cross-site' }],
  ];
  for (const [what, headers] of refusals) {
    const answer = await raw(agent.port, 'PUT', path, { ...headers, ...length }, photo, 2000);
    assert.equal(answer.status, 403, what);
    assert.ok(answer.beforeBody, `${what}: refused before the body was sent`);
  }
  // Reads too: a read without a token, or from another origin.
  assert.equal((await raw(agent.port, 'GET', path, { Host: good.Host })).status, 403);
  assert.equal((await raw(agent.port, 'GET', path, { ...good, Origin: 'http://evil.example' })).status, 403);
  assert.equal(await agent.replica.blobs.store.has(hash), false, 'nothing stored by a refused request');

  const wrong = photo.slice();
  wrong[0] = (wrong[0] as number) ^ 1;
  const mismatch = await raw(agent.port, 'PUT', path, { ...good, ...length }, wrong);
  assert.equal(mismatch.status, 400);
  assert.equal(JSON.parse(mismatch.body).error, 'hash-mismatch');
  assert.deepEqual(await agent.replica.blobs.store.list(), [], 'the mismatching body is not kept');

  const big = { ...good, 'Content-Length': String(10 * 1024 * 1024 + 1) };
  const tooLarge = await raw(agent.port, 'PUT', path, big, new Uint8Array(10), 2000);
  assert.equal(tooLarge.status, 413);
  assert.ok(tooLarge.beforeBody, 'refused on its declared length');
  const streamed = await raw(
    agent.port,
    'PUT',
    path,
    { ...good, 'Transfer-Encoding': 'chunked' },
    new Uint8Array(10 * 1024 * 1024 + 7),
  );
  assert.equal(streamed.status, 413, 'a chunked body growing past the limit');
  const invalid = await raw(agent.port, 'PUT', `/${app.id}/api/blobs/ABC`, { ...good, ...length }, photo);
  assert.equal(invalid.status, 400);
  assert.equal((await raw(agent.port, 'DELETE', path, good)).status, 405);
  assert.equal((await raw(agent.port, 'GET', `/${app.id}/api/other`, good)).status, 404);

  assert.equal((await raw(agent.port, 'HEAD', path, good)).status, 404);
  assert.equal((await raw(agent.port, 'PUT', path, { ...good, ...length }, photo)).status, 201);
  assert.equal((await raw(agent.port, 'PUT', path, { ...good, ...length }, photo)).status, 200, 'already');
  // A same-origin read carries no Origin header: the token is enough.
  const read = await fetch(`${origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(read.status, 200);
  assert.equal(sha256(new Uint8Array(await read.arrayBuffer())), hash, 'byte-identical');
});

it('a page stand-in saves a photo while the agent is down; it reaches the replica once the agent is back', async () => {
  const port = agent.port;
  await agent.stop();
  const page = new AgentBlobs({
    store: new MemoryBlobStore(),
    outbox: new MemoryBlobOutbox(),
    base: `${origin}/${app.id}`,
    tokens: { get: () => token },
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Origin: origin } }),
    maxDelayMs: 300,
  });
  const photo = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) % 256);
  const hash = await page.put(photo);
  assert.equal(hash, sha256(photo));
  assert.deepEqual(await page.store.list(), [hash], 'durable in the page when put resolves');
  assert.deepEqual(page.pending(), [hash], 'waiting for the agent');

  agent = await startAgent(port);
  const uploaded = new Promise((resolve) => page.addEventListener('uploaded', resolve, { once: true }));
  await page.run();
  await uploaded;
  const stored = await agent.replica.blobs.store.get(hash);
  assert.equal(sha256(stored as Uint8Array), hash, 'in the replica, byte-identical');
  assert.deepEqual(page.pending(), []);
  assert.equal(agent.replica.blobs.uploader, null, 'no server given: nothing to upload to');

  // A blob only the agent holds (from a nearby agent or the server) is fetched and kept by the page.
  const fromPeer = new Uint8Array([1, 2, 3, 4]);
  const peerHash = await agent.replica.blobs.put(fromPeer);
  assert.deepEqual(await page.get(peerHash), fromPeer);
  assert.equal(await page.store.has(peerHash), true, 'kept in the page');
  assert.equal(await page.get('0'.repeat(64)), undefined, 'held nowhere');
  await page.close();
});

it('keeps a photo pending while the app has no token, and sends it once the person allows the app', async () => {
  let kept: string | null = null;
  const outbox = new MemoryBlobOutbox();
  const options = {
    store: new MemoryBlobStore(),
    outbox,
    base: `${origin}/${app.id}`,
    tokens: { get: () => kept },
    fetch: ((input, init) =>
      fetch(input, { ...init, headers: { ...init?.headers, Origin: origin } })) as typeof fetch,
    maxDelayMs: 200,
  };
  const page = new AgentBlobs(options);
  const photo = new Uint8Array([0xff, 0xd8, 0xff, 9, 9, 9]);
  const hash = await page.put(photo);
  await page.run();
  assert.deepEqual(page.pending(), [hash]);
  assert.deepEqual(await outbox.list(), [hash], 'remembered for the next page');
  page.uploader.close(); // the tab is gone (its IndexedDB stays: the same store below)

  // The tab was closed; a new page finds the photo in the outbox and sends it once allowed.
  kept = token;
  const again = new AgentBlobs({ ...options, store: page.store });
  await again.ready;
  await again.run();
  assert.equal(await agent.replica.blobs.store.has(hash), true);
  assert.deepEqual(await outbox.list(), [], 'the outbox empties once the agent holds it');
  await again.close();
});

it('appBlobs sends what the page saved while the agent was down as soon as the link reopens, with the agent alone', async () => {
  const port = agent.port;
  const fetchWithOrigin = ((input, init) =>
    fetch(input, { ...init, headers: { ...init?.headers, Origin: origin } })) as typeof fetch;
  const link = new AgentLink({
    syncUrl: `ws://127.0.0.1:${port}/${app.id}/sync`,
    infoUrl: `${origin}/${app.id}/agent.json`,
    tokens: { get: () => token, clear: () => {} },
    consent: async () => {},
    createSocket: (url, protocols) =>
      new WebSocket(url, protocols, { origin }) as unknown as globalThis.WebSocket,
    backoff: { initialMs: 50, maxMs: 200 },
  });
  const workspace = openWorkspace({ appId: app.id, store: new MemoryDocumentStore(), connectivity: link });
  link.start(workspace);
  const blobs = appBlobs(workspace, {
    store: new MemoryBlobStore(),
    outbox: new MemoryBlobOutbox(),
    base: `${origin}/${app.id}`,
    tokens: { get: () => token },
    fetch: fetchWithOrigin,
    maxDelayMs: 60_000,
    link,
  });
  const wait = async (ready: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!(await ready())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await wait(() => link.connected, 'the link');

    await agent.stop();
    await wait(() => !link.connected, 'the link to notice');
    const hash = await blobs.put(new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 4, 5]));
    // Failed rounds while the agent is away push the upload's own retry 16 to 32 s out.
    for (let i = 0; i < 5; i++) await blobs.run();
    assert.deepEqual(blobs.pending(), [hash]);

    agent = await startAgent(port);
    await wait(() => link.connected, 'the link to reopen');
    const reopened = Date.now();
    await wait(() => agent.replica.blobs.store.has(hash), 'the photo on the agent', 5000);
    assert.ok(Date.now() - reopened < 5000);
    assert.equal(workspace.status().connectivity, 'offline', 'the agent is alone: no connectivity change');
    await wait(() => blobs.pending().length === 0, 'the page to hear the agent holds it', 2000); // after the PUT's answer
  } finally {
    // Also on failure: a link left running reconnects forever and the test file never ends.
    link.stop();
    await blobs.close();
    await workspace.close();
  }
});
