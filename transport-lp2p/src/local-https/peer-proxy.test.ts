/**
 * The page proxy over real sockets: a loopback `node:http` server mounting `createPeerProxy`, forwarding over TLS
 * pinned to real agent identities to `serveLocalHttps` peers on loopback.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type AgentIdentity, createAgentIdentity } from '../identity/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { type LocalHttpsServer, serveLocalHttps } from './local-https-server.ts';
import { createPeerProxy } from './peer-proxy.ts';
import { peerProxyPath } from './peer-proxy-path.ts';
import type { PeerEndpoint } from './pinned-connect.ts';

const ORIGIN = 'https://app.example';
const CAP = 1024 * 1024;
const BIG = 64 * 1024 * 1024;

let peer: AgentIdentity;
let self: AgentIdentity;
let peerServer: LocalHttpsServer;
let impostor: LocalHttpsServer;
let proxyServer: Server;
let proxyPort: number;
const trusted = new Set<string>();
const endpoints = new Map<string, PeerEndpoint>();
const grants = new Set<string>();
let bigBody: Buffer;
const uploads: { bytes: number; complete: boolean }[] = [];
const endlessClosed = Promise.withResolvers<void>();

before(async () => {
  [peer, self] = await Promise.all([
    createAgentIdentity({ instanceName: 'Peer B', modelName: 'Offgrid' }),
    createAgentIdentity({ instanceName: 'Agent A', modelName: 'Offgrid' }),
  ]);
  bigBody = randomBytes(BIG);
  peerServer = await serveLocalHttps({ identity: peer, host: '127.0.0.1', handler: peerHandler });
  impostor = await serveLocalHttps({
    identity: await createTestCredentials('impostor'),
    host: '127.0.0.1',
    handler: (_request, response) => response.end('impostor'),
  });
  trusted.add(peer.fingerprint);
  endpoints.set(peer.fingerprint, { host: '127.0.0.1', port: peerServer.port, serverName: peer.hostname });
  grants.add(`${ORIGIN} ${peer.fingerprint}`);
  const proxy = createPeerProxy({
    credentials: self,
    peers: { isTrusted: (fp) => trusted.has(fp), endpoint: (fp) => endpoints.get(fp) },
    isGranted: async (origin, fingerprint) => grants.has(`${origin} ${fingerprint}`),
    maxRequestBytes: CAP,
    stripRequestHeaders: ['x-bridge-token'],
  });
  proxyServer = createServer((req, res) => void proxy(req, res)).listen(0, '127.0.0.1');
  await once(proxyServer, 'listening');
  proxyPort = (proxyServer.address() as AddressInfo).port;
});

after(async () => {
  proxyServer.closeAllConnections();
  proxyServer.close();
  await Promise.all([peerServer.close(), impostor.close()]);
});

function peerHandler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  if (req.url === '/big') {
    res.writeHead(200, { 'content-length': BIG, 'content-type': 'application/octet-stream' });
    for (let at = 0; at < BIG; at += 1 << 20) res.write(bigBody.subarray(at, at + (1 << 20)));
    res.end();
    return;
  }
  if (req.url === '/endless') {
    // Writes until the other side goes away: a page that leaves must not keep the peer streaming.
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024)), 5);
    res.once('close', () => {
      clearInterval(timer);
      endlessClosed.resolve();
    });
    return;
  }
  if (req.url === '/cookies') {
    res.writeHead(200, {
      'set-cookie': 'session=peer; Path=/',
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'true',
      'x-peer': 'yes',
    });
    res.end('ok');
    return;
  }
  const hash = createHash('sha256');
  const upload = { bytes: 0, complete: false };
  uploads.push(upload);
  req.on('data', (chunk: Buffer) => {
    upload.bytes += chunk.byteLength;
    hash.update(chunk);
  });
  req.on('end', () => {
    upload.complete = true;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        headers: req.headers,
        bytes: upload.bytes,
        sha256: hash.digest('hex'),
      }),
    );
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function ask(
  path: string,
  options: {
    method?: string;
    origin?: string | null;
    host?: string;
    headers?: Record<string, string>;
    body?: Buffer | ((write: (chunk: Buffer) => boolean) => Promise<void>);
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${proxyPort}` };
    if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: proxyPort,
        method: options.method ?? 'GET',
        path,
        headers: { ...headers, ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    const body = options.body;
    if (typeof body === 'function') {
      void body((chunk) => outgoing.write(chunk)).then(() => outgoing.end(), reject);
    } else outgoing.end(body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body.toString()) as Record<string, unknown>;

describe('forwarding to a paired peer', () => {
  it('forwards method, path and query over pinned TLS and streams the answer back', async () => {
    const answer = await ask(peerProxyPath(peer.fingerprint, '/items?page=2'), {
      method: 'POST',
      body: Buffer.from('hello'),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(answer.status, 200);
    const echoed = json(answer);
    assert.equal(echoed.method, 'POST');
    assert.equal(echoed.url, '/items?page=2');
    assert.equal(echoed.bytes, 5);
    assert.equal((echoed.headers as IncomingHttpHeaders).host, peer.hostname);
    assert.equal((echoed.headers as IncomingHttpHeaders)['content-type'], 'text/plain');
    assert.equal(answer.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(answer.headers.vary), /Origin/);
  });

  it('accepts the fingerprint percent-encoded as well as base64url', async () => {
    const answer = await ask(`/peer/${encodeURIComponent(peer.fingerprint)}/x`);
    assert.equal(answer.status, 200);
    assert.equal(json(answer).url, '/x');
  });

  it("never forwards the page's cookies, authorization, the bridge token or hop-by-hop fields", async () => {
    const answer = await ask(peerProxyPath(peer.fingerprint, '/h'), {
      headers: {
        cookie: 'bridge=secret',
        authorization: 'Bearer page-secret',
        'x-bridge-token': 'capability',
        connection: 'keep-alive, x-hop',
        'x-hop': 'drop me',
        'proxy-authorization': 'Basic x',
        'x-app': 'kept',
      },
    });
    const seen = json(answer).headers as IncomingHttpHeaders;
    for (const name of ['cookie', 'authorization', 'x-bridge-token', 'x-hop', 'proxy-authorization'])
      assert.equal(seen[name], undefined, name);
    assert.equal(seen['x-app'], 'kept');
    assert.equal(seen.origin, ORIGIN);
  });

  it('drops what the peer would set on the bridge origin: cookies and its own CORS answer', async () => {
    const answer = await ask(peerProxyPath(peer.fingerprint, '/cookies'));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['set-cookie'], undefined);
    assert.equal(answer.headers['access-control-allow-credentials'], undefined);
    assert.equal(answer.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(answer.headers['content-security-policy']), /^sandbox/);
    assert.equal(answer.headers['x-peer'], 'yes');
  });

  it('answers a CORS preflight for a granted origin without troubling the peer', async () => {
    const before = uploads.length;
    const answer = await ask(peerProxyPath(peer.fingerprint, '/items'), {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(answer.status, 204);
    assert.equal(answer.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(answer.headers['access-control-allow-methods'], 'PUT');
    assert.equal(answer.headers['access-control-allow-headers'], 'content-type');
    assert.equal(uploads.length, before);
  });
});

describe('refusals', () => {
  it('403 for an origin without a grant for that peer, before anything reaches it', async () => {
    const before = uploads.length;
    const answer = await ask(peerProxyPath(peer.fingerprint, '/x'), { origin: 'https://other.example' });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
    assert.equal(uploads.length, before);
  });

  it('403 when the grant check throws: it fails closed', async () => {
    const proxy = createPeerProxy({
      credentials: self,
      peers: { isTrusted: () => true, endpoint: (fp) => endpoints.get(fp) },
      isGranted: () => {
        throw new Error('grant store unavailable');
      },
    });
    const server = createServer((req, res) => void proxy(req, res)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const status = await new Promise<number>((resolve, reject) => {
        request(
          {
            host: '127.0.0.1',
            port,
            path: peerProxyPath(peer.fingerprint, '/x'),
            headers: { host: `127.0.0.1:${port}`, origin: ORIGIN },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        )
          .on('error', reject)
          .end();
      });
      assert.equal(status, 403);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('403 without an Origin, with an opaque one, or with a non-loopback Host (DNS rebinding)', async () => {
    const path = peerProxyPath(peer.fingerprint, '/x');
    assert.equal((await ask(path, { origin: null })).status, 403);
    assert.equal((await ask(path, { origin: 'null' })).status, 403);
    assert.equal((await ask(path, { host: `evil.example:${proxyPort}` })).status, 403);
    assert.equal((await ask(path, { host: '127.0.0.1:1' })).status, 403);
    assert.equal((await ask(path, { host: `localhost:${proxyPort}` })).status, 200);
  });

  it('403 for an unknown fingerprint (no grant); 404 for a granted peer no longer paired or a malformed one', async () => {
    const stranger = await createAgentIdentity({ instanceName: 'Stranger', modelName: 'Offgrid' });
    assert.equal((await ask(peerProxyPath(stranger.fingerprint, '/'))).status, 403);
    grants.add(`${ORIGIN} ${stranger.fingerprint}`);
    try {
      const answer = await ask(peerProxyPath(stranger.fingerprint, '/'));
      assert.equal(answer.status, 404);
    } finally {
      grants.delete(`${ORIGIN} ${stranger.fingerprint}`);
    }
    assert.equal((await ask('/peer/not-a-fingerprint/x')).status, 404);
    assert.equal((await ask('/elsewhere')).status, 404);
  });

  it('502 with a clear message when a man in the middle answers on the peer address', async () => {
    endpoints.set(peer.fingerprint, { host: '127.0.0.1', port: impostor.port, serverName: peer.hostname });
    try {
      const answer = await ask(peerProxyPath(peer.fingerprint, '/x'));
      assert.equal(answer.status, 502);
      assert.match(answer.body.toString(), /certificate mismatch/);
      assert.equal(answer.headers['access-control-allow-origin'], ORIGIN);
    } finally {
      endpoints.set(peer.fingerprint, {
        host: '127.0.0.1',
        port: peerServer.port,
        serverName: peer.hostname,
      });
    }
  });

  it('502 when the peer is unreachable or advertises no service', async () => {
    const closed = await serveLocalHttps({ identity: peer, host: '127.0.0.1', handler: () => {} });
    const port = closed.port;
    await closed.close();
    endpoints.set(peer.fingerprint, { host: '127.0.0.1', port });
    try {
      const answer = await ask(peerProxyPath(peer.fingerprint, '/x'));
      assert.equal(answer.status, 502);
      assert.match(answer.body.toString(), /unreachable.*ECONNREFUSED/);
      endpoints.delete(peer.fingerprint);
      const none = await ask(peerProxyPath(peer.fingerprint, '/x'));
      assert.equal(none.status, 502);
      assert.match(none.body.toString(), /no Local HTTPS service/);
    } finally {
      endpoints.set(peer.fingerprint, {
        host: '127.0.0.1',
        port: peerServer.port,
        serverName: peer.hostname,
      });
    }
  });
});

describe('bodies', () => {
  it('413 at once for a declared length over the cap; the peer sees nothing', async () => {
    const before = uploads.length;
    const answer = await new Promise<number>((resolve, reject) => {
      const outgoing = request({
        host: '127.0.0.1',
        port: proxyPort,
        method: 'PUT',
        path: peerProxyPath(peer.fingerprint, '/up'),
        headers: { host: `127.0.0.1:${proxyPort}`, origin: ORIGIN, 'content-length': String(CAP + 1) },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        outgoing.destroy();
      });
      outgoing.on('error', reject);
      outgoing.flushHeaders();
    });
    assert.equal(answer, 413);
    assert.equal(uploads.length, before);
  });

  it('a chunked body that grows past the cap is cut: the peer never gets more than the cap', async () => {
    const before = uploads.length;
    const chunk = Buffer.alloc(64 * 1024, 7);
    const status = await ask(peerProxyPath(peer.fingerprint, '/up'), {
      method: 'POST',
      body: async (write) => {
        for (let sent = 0; sent < 4 * CAP; sent += chunk.byteLength) {
          if (!write(chunk)) await new Promise((r) => setTimeout(r, 1));
        }
      },
    }).then(
      (answer) => answer.status,
      () => 'reset',
    );
    // 413 normally; a reset when the refused connection closes while the client is still sending.
    assert.ok(status === 413 || status === 'reset', `status ${status}`);
    await new Promise((r) => setTimeout(r, 50));
    for (const upload of uploads.slice(before)) {
      assert.ok(upload.bytes <= CAP, `peer got ${upload.bytes} bytes`);
      assert.equal(upload.complete, false, 'the peer saw the request aborted, not a complete body');
    }
  });

  it('a page that goes away mid-answer ends the peer connection too', async () => {
    await new Promise<void>((resolve) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: proxyPort,
          path: peerProxyPath(peer.fingerprint, '/endless'),
          headers: { host: `127.0.0.1:${proxyPort}`, origin: ORIGIN },
        },
        (response) => response.once('data', () => outgoing.destroy()),
      );
      outgoing.on('error', () => {});
      outgoing.on('close', resolve);
      outgoing.end();
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the peer is still streaming')), 5000);
    });
    await Promise.race([endlessClosed.promise, late]).finally(() => clearTimeout(timer));
  });

  it('streams a 64 MiB answer from the peer byte-identical', async () => {
    const answer = await ask(peerProxyPath(peer.fingerprint, '/big'));
    assert.equal(answer.status, 200);
    assert.equal(answer.body.byteLength, BIG);
    assert.ok(answer.body.equals(bigBody));
  });

  it('streams a 64 MiB upload to the peer byte-identical (cap raised to fit)', async () => {
    const proxy = createPeerProxy({
      credentials: self,
      peers: { isTrusted: (fp) => trusted.has(fp), endpoint: (fp) => endpoints.get(fp) },
      isGranted: () => true,
      maxRequestBytes: BIG,
    });
    const server = createServer((req, res) => void proxy(req, res)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const answer = await new Promise<Answer>((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port,
            method: 'PUT',
            path: peerProxyPath(peer.fingerprint, '/upload'),
            headers: { host: `127.0.0.1:${port}`, origin: ORIGIN },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (c: Buffer) => chunks.push(c));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        outgoing.on('error', reject);
        outgoing.end(bigBody); // Chunked: no length declared, so the cap is enforced while streaming.
      });
      assert.equal(answer.status, 200);
      const echoed = json(answer);
      assert.equal(echoed.bytes, BIG);
      assert.equal(echoed.sha256, createHash('sha256').update(bigBody).digest('hex'));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
