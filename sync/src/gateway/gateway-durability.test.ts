/**
 * The gateway against a real `offgrid serve` that is killed (`kill -9`) during its uploads, and beside an
 * unmodified `@hocuspocus/provider` on the same document.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  connectClient,
  type ServeProcess,
  serveFiles,
  startServeProcess,
  type TestClient,
} from '@offgrid/server/testing';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { SyncChannel } from '../channel.ts';
import { SyncHub } from '../hub/sync-hub.ts';
import { settle } from '../testing/settle.ts';
import { ServerConfirmations } from './server-confirmations.ts';
import { ServerGateway } from './server-gateway.ts';
import { covers, showVector, storedState } from './testing/stored-state.ts';

const NAME = 'survey/2026-flood/uploads';
const ROUNDS = 4;
const wsSocket = (url: string) => new WebSocket(url) as unknown as SyncChannel;

const storedVector = (path: string) => storedState(path, NAME).vector;

/** A clean stop, bounded: a server that does not end within 5 s is killed. */
async function stopBounded(server: ServeProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const timer = AbortSignal.timeout(5000);
  const late = new Promise<void>((resolve) => timer.addEventListener('abort', () => resolve()));
  await Promise.race([server.stop(), late]);
  if (server.child.exitCode === null && server.child.signalCode === null) await server.kill9();
}

describe('gateway and a server that dies', () => {
  const files = serveFiles([{ token: 'w', access: 'read-write', prefixes: ['survey/'] }]);
  const hub = new SyncHub();
  const servers: ServeProcess[] = [];
  // Stopped here whatever happened: a gateway left running retries forever and keeps the process alive.
  const gateways: ServerGateway[] = [];
  const providers: TestClient[] = [];
  let writer: ReturnType<typeof setInterval> | undefined;
  after(async () => {
    clearInterval(writer);
    for (const gateway of gateways) gateway.stop();
    for (const provider of providers) provider.destroy();
    hub.destroy();
    for (const s of servers) await stopBounded(s);
    files.remove();
  });

  it(`keeps every update the server confirmed over ${ROUNDS} kills, and finishes after each restart`, {
    timeout: 90_000,
  }, async () => {
    const args = (port: number) => ['--port', String(port), '--data', files.data, '--tokens', files.tokens];
    let server = await startServeProcess(args(0));
    servers.push(server);
    const port = server.port;
    const confirmations = new ServerConfirmations(hub);
    const document = hub.open(NAME);
    const gateway = new ServerGateway(hub, confirmations, {
      url: server.url,
      token: 'w',
      createSocket: wsSocket,
      backoff: { initialMs: 50, maxMs: 400 },
      confirmIntervalMs: 20,
    });
    gateways.push(gateway);
    gateway.start();
    let written = 0;
    writer = setInterval(() => document.doc.getArray<string>('items').push([`item ${written++}`]), 3);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await new Promise((resolve) => setTimeout(resolve, 250 + 100 * round));
        const confirmed = confirmations.get(NAME)?.stateVector ?? new Map();
        await server.kill9();
        const stored = storedVector(files.data);
        assert.ok(
          covers(stored, confirmed),
          `round ${round}: the server lost a confirmed update: confirmed ${showVector(confirmed)}, stored ${showVector(stored)}`,
        );
        server = await startServeProcess(args(port));
        servers.push(server);
      }
    } finally {
      clearInterval(writer);
    }
    const all = Y.decodeStateVector(Y.encodeStateVector(document.doc));
    await settle(
      () => covers(confirmations.get(NAME)?.stateVector ?? new Map(), all),
      'the upload finishing',
      15_000,
    );
    assert.equal(document.serverStatus().pending, 0);
    assert.ok(gateway.attempts > ROUNDS, 'it reconnected after each kill');
    gateway.stop();
    await server.stop();
    assert.ok(covers(storedVector(files.data), all), 'everything stored');
  });

  it('converges with an unmodified @hocuspocus/provider editing the same document', {
    timeout: 60_000,
  }, async () => {
    const server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
    servers.push(server);
    const name = 'survey/2026-flood/interop';
    const confirmations = new ServerConfirmations(hub);
    const ours = hub.open(name);
    ours.doc.getText('t').insert(0, 'gateway offline; ');
    const provider = connectClient(server.url, name, 'w');
    providers.push(provider);
    provider.doc.getText('t').insert(0, 'provider; ');
    const gateway = new ServerGateway(hub, confirmations, {
      url: server.url,
      token: 'w',
      createSocket: wsSocket,
    });
    gateways.push(gateway);
    gateway.start();
    await settle(
      () => provider.doc.getText('t').length === ours.doc.getText('t').length,
      'first exchange',
      10_000,
    );
    ours.doc.getText('t').insert(0, 'g2 ');
    provider.doc.getText('t').insert(0, 'p2 ');
    const same = () => provider.doc.getText('t').toString() === ours.doc.getText('t').toString();
    await settle(
      () => same() && ours.doc.getText('t').length === 'gateway offline; provider; g2 p2 '.length,
      'convergence',
      10_000,
    );
    assert.ok(ours.doc.getText('t').toString().includes('provider; '));
    assert.ok(provider.doc.getText('t').toString().includes('gateway offline; '));
    await settle(() => ours.serverStatus().pending === 0, 'the server confirming ours', 10_000);
    provider.destroy();
    gateway.stop();
  });
});
