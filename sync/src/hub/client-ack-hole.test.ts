/**
 * A client link to a real `offgrid serve` (unmodified Hocuspocus): after connecting, updates stream at once, built
 * on offline work the server gets only in our step 2; the server applies them as pending structs and
 * acknowledges them. A proxy holding one direction makes that window last; the server is killed (`kill -9`)
 * inside it and its SQLite file shows what it really held while the hub said what it says.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { type ServeProcess, serveFiles, startServeProcess } from '@offgrid/server/testing';
import { WebSocket } from 'ws';
import type { SyncChannel } from '../channel.ts';
import { openAckHoleWindow } from '../gateway/testing/ack-hole-window.ts';
import { type HoldingProxy, startHoldingProxy } from '../gateway/testing/holding-proxy.ts';
import { covers, showVector, storedState } from '../gateway/testing/stored-state.ts';
import { settle } from '../testing/settle.ts';
import { SyncHub } from './sync-hub.ts';

const NAME = 'survey/2026-flood/client-acks';
const OFFLINE = 50;

const files = serveFiles([{ token: 'w', access: 'read-write', prefixes: ['survey/'] }]);
const hub = new SyncHub();
const servers: ServeProcess[] = [];
let proxy: HoldingProxy | undefined;
after(async () => {
  hub.destroy();
  await proxy?.close();
  for (const server of servers) if (server.child.exitCode === null) await server.kill9();
  files.remove();
});

it('a client link confirms none of the offline updates while the server holds them only past a hole', {
  timeout: 60_000,
}, async () => {
  const args = (port: number) => ['--port', String(port), '--data', files.data, '--tokens', files.tokens];
  let server = await startServeProcess(args(0));
  servers.push(server);
  proxy = await startHoldingProxy(server.url);
  proxy.holdNew = { up: false, down: true };
  const document = hub.open(NAME);
  const items = document.doc.getArray<string>('items');
  for (let i = 0; i < OFFLINE; i++) items.push([`offline ${i}`]);
  const own = document.doc.clientID;
  const connect = (url: string) =>
    hub.attach(new WebSocket(url) as unknown as SyncChannel, {
      peerId: 'server',
      role: 'client',
      token: 'w',
    });
  connect(proxy.url);

  // Streamed at once, built on the 50 the server lacks; our step 2 is then held at the proxy.
  await openAckHoleWindow(proxy, () => items.push(['online 0']));
  const serverAcks = () => document.peers().find((p) => p.peerId === 'server');
  await settle(() => (serverAcks()?.lastAckAt ?? null) !== null, 'the ack reaching the hub', 15_000);
  const unconfirmed = document.unconfirmed().count;
  const confirmedSeq = serverAcks()?.confirmedSeq;
  await server.kill9();
  const stored = storedState(files.data, NAME);
  assert.ok(
    stored.ranges.some((r) => r.client === own && r.from >= OFFLINE),
    `the window was hit, the acknowledged update is stored: ${JSON.stringify(stored.ranges)}`,
  );
  assert.equal(stored.vector.get(own) ?? 0, 0, `none of the offline updates: ${showVector(stored.vector)}`);
  assert.equal(confirmedSeq, 0, 'the ack confirmed nothing');
  assert.equal(unconfirmed, OFFLINE + 1, 'every local update still unconfirmed');
  assert.equal(document.unconfirmed().count, OFFLINE + 1);

  // A server that gets the step 2 confirms everything, and then holds everything.
  server = await startServeProcess(args(server.port));
  servers.push(server);
  connect(server.url);
  await settle(() => document.unconfirmed().count === 0, 'everything confirmed', 20_000);
  assert.equal(serverAcks()?.confirmedSeq, OFFLINE + 1);
  await server.kill9(); // acks mean stored: what was confirmed survives
  const all = new Map([[own, document.ownClock]]);
  const after = storedState(files.data, NAME).vector;
  assert.ok(covers(after, all), `confirmed everything, stored ${showVector(after)}`);
});
