/**
 * The handshake window in which a server acknowledges updates it cannot integrate yet, made to last with a proxy
 * that holds one direction of the gateway's WebSocket (in order, as a slow path does), against a real
 * `offgrid serve` killed (`kill -9`) inside it. `gateway-durability.test.ts` hit this window only by chance,
 * under load.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { type ServeProcess, serveFiles, startServeProcess } from '@offgrid/server/testing';
import { WebSocket } from 'ws';
import type { SyncChannel } from '../channel.ts';
import { SyncHub } from '../hub/sync-hub.ts';
import { settle } from '../testing/settle.ts';
import { ServerConfirmations } from './server-confirmations.ts';
import { ServerGateway } from './server-gateway.ts';
import { openAckHoleWindow } from './testing/ack-hole-window.ts';
import { type HoldingProxy, startHoldingProxy } from './testing/holding-proxy.ts';
import { covers, showVector, storedState } from './testing/stored-state.ts';

const NAME = 'survey/2026-flood/handshake';
const OFFLINE = 50;

const files = serveFiles([{ token: 'w', access: 'read-write', prefixes: ['survey/'] }]);
const hub = new SyncHub();
const servers: ServeProcess[] = [];
let proxy: HoldingProxy | undefined;
let gateway: ServerGateway | undefined;
after(async () => {
  gateway?.stop();
  hub.destroy();
  await proxy?.close();
  for (const server of servers) if (server.child.exitCode === null) await server.kill9();
  files.remove();
});

it('confirms no update the server acknowledged past a hole: only what it holds from clock 0', {
  timeout: 60_000,
}, async () => {
  const args = (port: number) => ['--port', String(port), '--data', files.data, '--tokens', files.tokens];
  let server = await startServeProcess(args(0));
  servers.push(server);
  proxy = await startHoldingProxy(server.url);
  proxy.holdNew = { up: false, down: true };
  const confirmations = new ServerConfirmations(hub);
  const document = hub.open(NAME);
  const items = document.doc.getArray<string>('items');
  for (let i = 0; i < OFFLINE; i++) items.push([`offline ${i}`]); // our clock: 0..50, none of it on the server
  const own = document.doc.clientID;
  gateway = new ServerGateway(hub, confirmations, {
    url: proxy.url,
    token: 'w',
    createSocket: (url) => new WebSocket(url) as unknown as SyncChannel,
    backoff: { initialMs: 50, maxMs: 400 },
    confirmIntervalMs: 1,
  });
  gateway.start();

  // The server's answers wait at the proxy, so our step 1 is out and our step 2 cannot be yet; then an update built
  // on clocks 0..50, which the server lacks, is acknowledged while our step 2 stalls on its way.
  await openAckHoleWindow(proxy, () => items.push(['online 0']));
  await settle(
    () => (document.peers().find((p) => p.peerId === 'server')?.lastAckAt ?? null) !== null,
    'the acknowledgement reaching the gateway',
    15_000,
  );
  const confirmed = confirmations.get(NAME)?.stateVector ?? new Map<number, number>();
  await server.kill9();
  const stored = storedState(files.data, NAME);
  // The window was hit: the acknowledged update is on disk, past a hole (the server never got 0..50).
  assert.ok(
    stored.ranges.some((r) => r.client === own && r.from >= OFFLINE),
    `the acknowledged update is stored: ${JSON.stringify(stored.ranges)}`,
  );
  assert.ok((stored.vector.get(own) ?? 0) < OFFLINE, `a hole below it: ${showVector(stored.vector)}`);
  assert.ok(
    covers(stored.vector, confirmed),
    `confirmed ${showVector(confirmed)}, but the server holds ${showVector(stored.vector)}`,
  );
  assert.equal(document.serverStatus().pending, OFFLINE + 1);

  // The next server fills the hole through the handshake, and then everything is confirmed.
  proxy.holdNew = { up: false, down: false };
  server = await startServeProcess(args(server.port));
  servers.push(server);
  gateway.networkChanged();
  const all = new Map([[own, document.ownClock]]);
  await settle(
    () => covers(confirmations.get(NAME)?.stateVector ?? new Map(), all),
    'everything confirmed',
    20_000,
  );
  assert.equal(document.serverStatus().pending, 0);
  gateway.stop();
  await server.stop();
  assert.ok(covers(storedState(files.data, NAME).vector, all), 'everything stored');
});
