/**
 * Reconciliation between network namespaces with a real server: devices A, B and C on a LAN bridge (`ws`
 * WebSockets between them: B listens, A and C connect to it, so C hears of A only through B), the server
 * (`offgrid serve`) in a namespace of its own with no route from the LAN. Each device edits its own and a shared
 * document; then A alone gets a link to the server. The server ends with everyone's data, B and C show the
 * confirmation that came through A, and when B later gets a link of its own it uploads nothing the server has.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '@offgrid/server';
import { SERVE_PORT, serveFiles, startServeInHost } from '@offgrid/server/testing';
import {
  createIsolatedHost,
  createLan,
  type IsolatedHost,
  type Lan,
  type LanHost,
  lanUnavailableReason,
  linkHosts,
} from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';

const skip = lanUnavailableReason();
const PREFIX = 'survey/2026-flood/';
const NAMES = [`${PREFIX}shared`, `${PREFIX}a`, `${PREFIX}b`, `${PREFIX}c`];
const PEER = new URL('testing/lan-peer.ts', import.meta.url).pathname;
const EDITS = { a: 20, b: 30, c: 40 } as const;

interface DocStatus {
  items: number;
  vector: string;
  server: { pending: number; confirmedAt: number | null; upTo: number | null };
}
interface Status {
  name: string;
  docs: Record<string, DocStatus>;
  gateway: { state: string; counts: { bytesSent: number; updateBytesSent: number }; attempts: number } | null;
}

/** A device program; `ask` sends one command and resolves with the status line it answers. */
class Device {
  readonly child: ChildProcess;
  readonly #waiting: ((status: Status) => void)[] = [];

  constructor(host: LanHost, name: string, listen: string, peers: string[]) {
    this.child = host.spawn(process.execPath, [PEER, name, listen, ...peers], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, DOCS: NAMES.join(',') },
    });
    createInterface({ input: this.child.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) =>
      this.#waiting.shift()?.(JSON.parse(line) as Status),
    );
  }

  ask(command: Record<string, unknown>): Promise<Status> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.child.stdin?.write(`${JSON.stringify(command)}\n`);
    });
  }

  async until(ready: (status: Status) => boolean, what: string, timeoutMs = 20_000): Promise<Status> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.ask({ cmd: 'status' });
      if (ready(status)) return status;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const allItems = (s: Status) =>
  s.docs[NAMES[0] as string]?.items === EDITS.a + EDITS.b + EDITS.c &&
  (['a', 'b', 'c'] as const).every((n) => s.docs[`${PREFIX}${n}`]?.items === EDITS[n]);
const allConfirmed = (s: Status, since: number) =>
  NAMES.every((n) => s.docs[n]?.server.pending === 0 && (s.docs[n]?.server.confirmedAt ?? 0) >= since);

describe('gateway between network namespaces', { skip }, () => {
  let lan: Lan | undefined;
  let cloud: IsolatedHost | undefined;
  const files = serveFiles([{ token: 'team', access: 'read-write', prefixes: [PREFIX] }]);
  after(async () => {
    await lan?.close();
    await cloud?.remove();
    files.remove();
  });

  it('carries everyone’s work through A, confirms it to B and C, and B later re-sends nothing', async () => {
    lan = await createLan(3);
    cloud = await createIsolatedHost();
    const [hostA, hostB, hostC] = lan.hosts as [LanHost, LanHost, LanHost];
    const octet = Number(lan.subnet.split('.')[2]);
    const linkA = await linkHosts(hostA, cloud, octet);
    const linkB = await linkHosts(hostB, cloud, octet);
    const server = await startServeInHost(cloud, { data: files.data, tokens: files.tokens });

    const b = new Device(hostB, 'b', '4444', []);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const a = new Device(hostA, 'a', '-', [`ws://${hostB.address}:4444`]);
    const c = new Device(hostC, 'c', '-', [`ws://${hostB.address}:4444`]);
    await a.ask({ cmd: 'edit', count: EDITS.a });
    await b.ask({ cmd: 'edit', count: EDITS.b });
    await c.ask({ cmd: 'edit', count: EDITS.c });
    for (const d of [a, b, c]) await d.until(allItems, 'the LAN to converge');

    // A is a gateway, but has no route to the server yet: it waits, nothing is confirmed.
    await a.ask({ cmd: 'gateway', url: `ws://${linkA.peerAddress}:${SERVE_PORT}`, token: 'team' });
    const offline = await a.until((s) => s.gateway?.state === 'waiting', 'A to find the server unreachable');
    assert.equal(offline.docs[NAMES[0] as string]?.server.confirmedAt, null);

    // A gets a route; the platform's network change makes it try at once.
    const routed = Date.now();
    await linkA.up();
    await a.ask({ cmd: 'network-changed' });
    await a.until((s) => allConfirmed(s, routed), 'the server to confirm A’s upload');
    const statusB = await b.until((s) => allConfirmed(s, routed), 'the confirmation to reach B');
    const statusC = await c.until((s) => allConfirmed(s, routed), 'the confirmation to reach C (through B)');
    for (const s of [statusB, statusC])
      for (const n of NAMES) assert.ok((s.docs[n]?.server.upTo ?? 0) >= routed, `${s.name} ${n} up to`);

    // B gets a link of its own: its step 2s carry nothing the server lacks.
    await linkB.up();
    await b.ask({ cmd: 'gateway', url: `ws://${linkB.peerAddress}:${SERVE_PORT}`, token: 'team' });
    const direct = await b.until((s) => s.gateway?.state === 'connected', 'B to connect');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = (await b.ask({ cmd: 'status' })).gateway?.counts;
    assert.ok(direct.gateway !== null && sent !== undefined);
    // Each of the 4 step 2s is an update with no structs and no deletions: 2 bytes.
    assert.equal(sent.updateBytesSent, 4 * 2, `B re-sent ${sent.updateBytesSent} update bytes`);

    // The server's file holds everyone's data (killed: what it acknowledged is on disk).
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    const store = new SqliteStore(files.data);
    try {
      for (const n of NAMES) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, store.load(n) as Uint8Array);
        assert.equal(Buffer.from(Y.encodeStateVector(doc)).toString('base64'), statusB.docs[n]?.vector, n);
      }
    } finally {
      store.close();
    }
  });
});
