/**
 * `server.reconcile.ratio`: a gateway's upload after offline work, against a real `offgrid serve` process.
 * The server already holds the first half of two documents (the B4 trace — automerge-paper, Martin Kleppmann,
 * CC BY 4.0 — typed one edit per transaction: 5000 edits each); offline, the gateway types the next 5000 edits of
 * one and receives the next 5000 of the other from a nearby peer (a data mule). Then it reaches the server again.
 * Value: every byte the gateway sends on that connection until the server has confirmed all of it, over the size
 * of the state-vector diff (`Y.encodeStateAsUpdate(doc, serverStateVector)`, summed). Goal ≤ 1.1.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serveFiles, startServeProcess } from '@offgrid/server/testing';
import {
  createMemoryChannelPair,
  ServerConfirmations,
  ServerGateway,
  type SyncChannel,
  SyncHub,
} from '@offgrid/sync';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Report } from '../bench-suite.ts';

export const name = 'server-reconcile';

const HALF = 5000;
const NAMES = ['bench/reconcile-own', 'bench/reconcile-mule'];
type Patch = [position: number, deleted: number, inserted: string];

function tracePath(): string | undefined {
  const root = resolve(import.meta.dirname, '../..');
  for (const base of [dirname(root), dirname(dirname(root))]) {
    const path = join(base, 'shared/data/editing-traces/automerge-paper.json.gz');
    if (existsSync(path)) return path;
  }
  return undefined;
}

function type(doc: Y.Doc, patches: Patch[]): void {
  const text = doc.getText('t');
  for (const [position, deleted, inserted] of patches) {
    doc.transact(() => {
      if (deleted > 0) text.delete(position, deleted);
      if (inserted !== '') text.insert(position, inserted);
    });
  }
}

const wsSocket = (url: string) => new WebSocket(url) as unknown as SyncChannel;

async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function covered(confirmations: ServerConfirmations, doc: Y.Doc, docName: string): boolean {
  const server = confirmations.get(docName)?.stateVector;
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))].every(([c, k]) => (server?.get(c) ?? 0) >= k);
}

export async function run(report: Report): Promise<void> {
  const path = tracePath();
  if (path === undefined) {
    process.stderr.write('server-reconcile: B4 trace not found (../shared/data/editing-traces), skipped\n');
    return;
  }
  const trace = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as {
    txns: { patches: Patch[] }[];
  };
  const patches = trace.txns.flatMap((t) => t.patches).slice(0, 2 * HALF);
  const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: ['bench/'] }]);
  const server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
  const gatewayHub = new SyncHub();
  const peerHub = new SyncHub();
  try {
    const confirmations = new ServerConfirmations(gatewayHub);
    const own = gatewayHub.open(NAMES[0] as string);
    const mule = gatewayHub.open(NAMES[1] as string);
    const peerMule = peerHub.open(NAMES[1] as string);
    // Online: the server gets the first half of both.
    const options = { url: server.url, token: 'team', createSocket: wsSocket };
    let gateway = new ServerGateway(gatewayHub, confirmations, options);
    gateway.start();
    const [x, y] = createMemoryChannelPair();
    gatewayHub.attach(x, { peerId: 'peer' });
    peerHub.attach(y, { peerId: 'gateway' });
    type(own.doc, patches.slice(0, HALF));
    type(peerMule.doc, patches.slice(0, HALF));
    await until(
      () => NAMES.every((n, i) => covered(confirmations, [own, mule][i]?.doc as Y.Doc, n)),
      'first half',
    );
    gateway.stop();
    // Offline: typed here, and carried from the peer.
    type(own.doc, patches.slice(HALF));
    type(peerMule.doc, patches.slice(HALF));
    await until(() => mule.doc.getText('t').length === peerMule.doc.getText('t').length, 'the peer’s edits');
    const diff = NAMES.map((n, i) => {
      const vector = confirmations.get(n)?.stateVector ?? new Map<number, number>();
      return Y.encodeStateAsUpdate([own, mule][i]?.doc as Y.Doc, encodeVector(vector)).byteLength;
    }).reduce((a, b) => a + b);
    // Back online.
    gateway = new ServerGateway(gatewayHub, confirmations, options);
    gateway.start();
    await until(
      () => NAMES.every((n, i) => covered(confirmations, [own, mule][i]?.doc as Y.Doc, n)),
      'upload',
    );
    const sent = gateway.counts.bytesSent;
    gateway.stop();
    report({ metric: 'server.reconcile.sent', value: sent, unit: 'bytes' });
    report({ metric: 'server.reconcile.diff', value: diff, unit: 'bytes' });
    report({ metric: 'server.reconcile.ratio', value: sent / diff, unit: 'ratio' });
  } finally {
    gatewayHub.destroy();
    peerHub.destroy();
    await server.stop();
    files.remove();
  }
}

/** A state vector in Yjs's encoding (count, then client/clock pairs), as `Y.encodeStateVector` writes it. */
function encodeVector(vector: ReadonlyMap<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, vector.size);
  for (const [client, clock] of vector) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}
