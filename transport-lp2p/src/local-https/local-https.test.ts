/**
 * Local HTTPS between agents over real sockets: a `serveLocalHttps` server with a real agent identity, and
 * `fetchFromPeer` accepting it only by the pinned agent fingerprint.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, it } from 'node:test';
import { connect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { LocalHttpsError } from '../errors/index.ts';
import {
  type AgentIdentity,
  agentFingerprint,
  createAgentIdentity,
  IdentityStore,
} from '../identity/index.ts';
import { listenTcp } from '../platform/node.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { fetchFromPeer } from './fetch-from-peer.ts';
import { clientFingerprint, type LocalHttpsServer, serveLocalHttps } from './local-https-server.ts';

let peer: AgentIdentity;
let self: AgentIdentity;
let server: LocalHttpsServer;
const endpoint = () => ({ host: '127.0.0.1', port: server.port, serverName: peer.hostname });

before(async () => {
  [peer, self] = await Promise.all([
    createAgentIdentity({ instanceName: 'Peer B', modelName: 'Offgrid' }),
    createAgentIdentity({ instanceName: 'Agent A', modelName: 'Offgrid' }),
  ]);
  server = await serveLocalHttps({
    identity: peer,
    host: '127.0.0.1',
    handler: (request, response) => {
      response.setHeader('x-client', clientFingerprint(request) ?? 'none');
      response.end(`${request.method} ${request.url} host=${request.headers.host}`);
    },
  });
});
after(() => server.close());

it('serves the agent certificate and is accepted by its pinned fingerprint', async () => {
  const response = await fetchFromPeer({
    endpoint: endpoint(),
    fingerprint: peer.fingerprint,
    credentials: self,
    path: '/status?x=1',
  });
  assert.equal(response.statusCode, 200);
  assert.equal(await text(response), `GET /status?x=1 host=${peer.hostname}`);
  // The client presented its agent certificate: the service knows which agent asks.
  assert.equal(response.headers['x-client'], self.fingerprint);
});

it('without credentials the client is anonymous to the service', async () => {
  const response = await fetchFromPeer({ endpoint: endpoint(), fingerprint: peer.fingerprint });
  assert.equal(response.headers['x-client'], 'none');
  await text(response);
});

it('refuses the service when the pinned fingerprint is another agent', async () => {
  await assert.rejects(
    fetchFromPeer({ endpoint: endpoint(), fingerprint: self.fingerprint, credentials: self }),
    (error: unknown) => error instanceof LocalHttpsError && error.code === 'fingerprint-mismatch',
  );
});

it('refuses a man in the middle that presents another certificate on the peer address', async () => {
  const mitm = await createTestCredentials('impostor'); // Another key than the pinned one.
  let reached = false;
  const impostor = await serveLocalHttps({
    identity: mitm,
    host: '127.0.0.1',
    handler: (_request, response) => {
      reached = true;
      response.end('gotcha');
    },
  });
  try {
    await assert.rejects(
      fetchFromPeer({
        endpoint: { host: '127.0.0.1', port: impostor.port, serverName: peer.hostname },
        fingerprint: peer.fingerprint,
        method: 'POST',
        body: 'secret',
      }),
      (error: unknown) => error instanceof LocalHttpsError && error.code === 'fingerprint-mismatch',
    );
    assert.equal(reached, false, 'no request reached the impostor');
  } finally {
    await impostor.close();
  }
});

it('refuses an OSP listener with the same certificate: ALPN keeps the protocols apart', async () => {
  const osp = await listenTcp({ host: '127.0.0.1', credentials: peer, verifyPeer: () => true });
  try {
    await assert.rejects(
      fetchFromPeer({ endpoint: { host: '127.0.0.1', port: osp.port }, fingerprint: peer.fingerprint }),
      (error: unknown) => error instanceof LocalHttpsError && error.code === 'protocol-mismatch',
    );
  } finally {
    await osp.close();
  }
});

it('refuses a TLS server with the right certificate that negotiates no ALPN', async () => {
  const plain = createTlsServer(
    { cert: peer.certificatePem, key: peer.privateKeyPem, minVersion: 'TLSv1.3' },
    (socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'),
  ).listen(0, '127.0.0.1');
  await once(plain, 'listening');
  const { port } = plain.address() as AddressInfo;
  try {
    await assert.rejects(
      fetchFromPeer({ endpoint: { host: '127.0.0.1', port }, fingerprint: peer.fingerprint }),
      (error: unknown) => error instanceof LocalHttpsError && error.code === 'protocol-mismatch',
    );
  } finally {
    plain.close();
  }
});

it('reports an unreachable peer with a typed error', async () => {
  const gone = await serveLocalHttps({ identity: peer, host: '127.0.0.1', handler: () => {} });
  const port = gone.port;
  await gone.close();
  await assert.rejects(
    fetchFromPeer({ endpoint: { host: '127.0.0.1', port }, fingerprint: peer.fingerprint }),
    (error: unknown) => error instanceof LocalHttpsError && error.code === 'unreachable',
  );
});

it('speaks TLS 1.3 only', async () => {
  const socket = connect({
    host: '127.0.0.1',
    port: server.port,
    maxVersion: 'TLSv1.2',
    rejectUnauthorized: false,
  });
  const outcome = await new Promise<string>((resolve) => {
    socket.once('secureConnect', () => resolve('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
  socket.destroy();
  assert.notEqual(outcome, 'connected');
});

it('admits only the clients its policy names, by their agent fingerprint', async () => {
  const strict = await serveLocalHttps({
    identity: peer,
    host: '127.0.0.1',
    admitClient: (fingerprint) => fingerprint === self.fingerprint,
    handler: (_request, response) => response.end('welcome'),
  });
  try {
    const at = { host: '127.0.0.1', port: strict.port };
    const admitted = await fetchFromPeer({ endpoint: at, fingerprint: peer.fingerprint, credentials: self });
    assert.equal(await text(admitted), 'welcome');
    const stranger = await createTestCredentials('stranger');
    assert.notEqual(agentFingerprint(stranger.certificateDer), self.fingerprint);
    await assert.rejects(
      fetchFromPeer({ endpoint: at, fingerprint: peer.fingerprint, credentials: stranger }),
      (error: unknown) => error instanceof LocalHttpsError && error.code === 'unreachable',
    );
  } finally {
    await strict.close();
  }
});

it('serves a rotated certificate for the same key under the same pin', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-local-https-'));
  const store = new IdentityStore(dir);
  const first = await store.load({ instanceName: 'Rotating', modelName: 'Offgrid' });
  const rotating = await serveLocalHttps({
    identity: first,
    host: '127.0.0.1',
    handler: (_request, response) => response.end(),
  });
  try {
    const second = await store.rotate();
    assert.notEqual(second.serialNumber, first.serialNumber);
    rotating.setIdentity(second);
    const response = await fetchFromPeer({
      endpoint: { host: '127.0.0.1', port: rotating.port },
      fingerprint: first.fingerprint,
    });
    const served = (response.socket as TLSSocket).getPeerCertificate().serialNumber.toLowerCase();
    assert.equal(served.padStart(40, '0'), second.serialNumber);
    await text(response);
  } finally {
    await rotating.close();
    await rm(dir, { recursive: true, force: true });
  }
});
