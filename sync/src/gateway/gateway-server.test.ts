/**
 * Gateway against a real `offgrid serve` process, peers on memory channels: A — B — C in a chain (C reaches A
 * only through B), only A reaches the server. Everyone's data ends on the server, the confirmation travels back
 * to B and C, and B connecting itself later uploads nothing the server already has.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
import { createMemoryChannelPair } from '../memory-channel.ts';
import { settle } from '../testing/settle.ts';
import { ServerConfirmations, type ServerStateStore } from './server-confirmations.ts';
import { ServerGateway } from './server-gateway.ts';

const PREFIX = 'survey/2026-flood/';
const SHARED = `${PREFIX}shared`;
const NAMES = [SHARED, `${PREFIX}a`, `${PREFIX}b`, `${PREFIX}c`];
const wsSocket = (url: string) => new WebSocket(url) as unknown as SyncChannel;

interface Device {
  readonly name: string;
  readonly hub: SyncHub;
  readonly confirmations: ServerConfirmations;
}

/** A device of the group: it holds (opens) every document of the group, so it can carry them (a data mule). */
function device(name: string, store?: ServerStateStore): Device {
  const hub = new SyncHub();
  for (const n of NAMES) hub.open(n);
  return { name, hub, confirmations: new ServerConfirmations(hub, { store }) };
}

function link(a: Device, b: Device): void {
  const [x, y] = createMemoryChannelPair();
  a.hub.attach(x, { peerId: b.name });
  b.hub.attach(y, { peerId: a.name });
}

/** A device's own document and its lines in the shared one. */
function edit(d: Device, count: number): void {
  const own = d.hub.open(`${PREFIX}${d.name}`);
  const shared = d.hub.open(SHARED);
  for (let i = 0; i < count; i++) {
    own.doc.getArray<string>('items').push([`${d.name}-${i}`]);
    shared.doc.getArray<string>('items').push([`${d.name}-${i}`]);
  }
  own.doc.getText('note').insert(0, `note of ${d.name}`);
  own.doc.getText('note').delete(0, 5); // a deletion travels too; it counts as on the server once something
  own.doc.getText('note').insert(0, '~'); // made after it is (docs/reconciliation.md, "Deletions")
}

describe('gateway with a real offgrid serve', () => {
  const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: [PREFIX] }]);
  let server: ServeProcess;
  before(async () => {
    server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
  });
  after(async () => {
    await server?.stop();
    files.remove();
  });

  const devices: Device[] = [];
  // Stopped whatever happened: a gateway left running retries forever and keeps the process alive.
  const gateways: ServerGateway[] = [];
  const readers: TestClient[] = [];
  after(() => {
    for (const g of gateways) g.stop();
    for (const r of readers) r.destroy();
    for (const d of devices) d.hub.destroy();
  });

  it('carries everyone to the server, the confirmation back over the mesh, and re-sends nothing', {
    timeout: 60_000,
  }, async () => {
    const stored = new Map<string, { stateVector: ReadonlyMap<number, number>; at: number }>();
    const store: ServerStateStore = { load: (n) => stored.get(n), save: (n, c) => void stored.set(n, c) };
    const [a, b, c] = [device('a'), device('b', store), device('c')];
    devices.push(a, b, c);
    link(a, b);
    link(b, c);
    edit(a, 5);
    edit(b, 7);
    edit(c, 9);
    for (const d of [b, c]) {
      assert.ok((d.hub.get(SHARED)?.serverStatus().pending ?? 0) >= 7);
      assert.equal(d.hub.get(SHARED)?.serverStatus().confirmedAt, null);
    }
    await settle(() => a.hub.get(`${PREFIX}c`)?.doc.getArray('items').length === 9, 'c reaching a via b');

    const gateway = new ServerGateway(a.hub, a.confirmations, {
      url: server.url,
      token: 'team',
      createSocket: wsSocket,
    });
    gateways.push(gateway);
    const before = Date.now();
    gateway.start();
    await settle(
      () => [b, c].every((d) => d.hub.get(`${PREFIX}${d.name}`)?.serverStatus().pending === 0),
      'the confirmation reaching b and c',
      10_000,
    );
    for (const d of [a, b, c]) {
      for (const name of [SHARED, `${PREFIX}${d.name}`]) {
        const status = d.hub.get(name)?.serverStatus();
        assert.equal(status?.pending, 0, `${d.name} ${name}`);
        assert.ok((status?.confirmedAt ?? 0) >= before, `${d.name} ${name} confirmed at`);
      }
    }
    assert.ok(stored.has(`${PREFIX}c`), 'b persisted what it learnt of c’s document');

    // The server holds everyone's data: read back with an unmodified provider.
    for (const name of NAMES) {
      const reader = connectClient(server.url, name, 'team');
      readers.push(reader);
      const expected = a.hub.get(name)?.doc as Y.Doc;
      await settle(
        () => Y.encodeStateVector(reader.doc).toString() === Y.encodeStateVector(expected).toString(),
        `the server holding ${name}`,
        10_000,
      );
      assert.deepEqual(reader.doc.getArray('items').toJSON(), expected.getArray('items').toJSON());
      assert.equal(reader.doc.getText('note').toString(), expected.getText('note').toString());
      reader.destroy();
    }
    // The upload was the state-vector diff: every update byte the server lacked, little more.
    const upload = gateway.counts.updateBytesSent;
    const diff = NAMES.map((name) => Y.encodeStateAsUpdate(a.hub.get(name)?.doc as Y.Doc).byteLength).reduce(
      (x, y) => x + y,
    );
    assert.ok(upload <= diff, `uploaded ${upload} update bytes for a ${diff}-byte diff`);
    gateway.stop();

    // B connects itself: the server has everything B holds, so B's step 2s carry no structs.
    const direct = new ServerGateway(b.hub, b.confirmations, {
      url: server.url,
      token: 'team',
      createSocket: wsSocket,
    });
    gateways.push(direct);
    direct.start();
    await settle(
      () => direct.counts.bytesReceived > 0 && direct.link?.addresses().length === 4,
      'b connected',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = direct.counts;
    // Four empty step 2s: each is the 2-byte empty update plus the document's delete set (the Yjs diff always
    // carries it; here one 5-character deletion of c's note on c's document... and b's on b's).
    assert.ok(sent.updateBytesSent < 4 * 16, `b re-sent ${sent.updateBytesSent} update bytes`);
    direct.stop();
  });
});
