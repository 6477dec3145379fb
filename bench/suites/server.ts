/**
 * `offgrid serve` (a real process, the same as deployed):
 * - `server.ingest`: updates per second the server persists (each fsync'd to SQLite before it is acknowledged)
 *   when 10 `@hocuspocus/provider` clients type into one document: the first EDITS edits of the B4 trace
 *   (automerge-paper, Martin Kleppmann, CC BY 4.0; read from `../shared/data/editing-traces/`), one
 *   single-character update each, dealt round-robin to the clients, each client at its own current text (so
 *   positions are clamped; the load — 10 writers, every update broadcast to the 9 others — is what counts).
 *   From the first edit to the last acknowledgement.
 * - `server.scaleout.ratio`: with two instances on one Redis, the median time for an edit to reach a client on
 *   the other instance over the median time to reach one on the same instance (goal ≤ 2), and both medians.
 *   Skipped, with a note, when `redis-server` is not installed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  connectClient,
  hasRedisServer,
  type ServeProcess,
  serveFiles,
  startRedis,
  startServeProcess,
  type TestClient,
  waitFor,
} from '@offgrid/server/testing';
import type * as Y from 'yjs';
import { percentile, type Report } from '../bench-suite.ts';

export const name = 'server';

const EDITS = 20_000;
const CLIENTS = 10;
const SCALEOUT_SAMPLES = 100;
const DOC = 'bench/ingest';

/** The B4 trace, looked for in `../shared/…` from the repository root and from the folder above it (worktrees). */
function tracePath(): string | undefined {
  const root = resolve(import.meta.dirname, '../..');
  for (const base of [dirname(root), dirname(dirname(root))]) {
    const path = join(base, 'shared/data/editing-traces/automerge-paper.json.gz');
    if (existsSync(path)) return path;
  }
  return undefined;
}

type Patch = [position: number, deleted: number, inserted: string];

async function readEdits(path: string, count: number): Promise<Patch[]> {
  const trace = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as {
    txns: { patches: Patch[] }[];
  };
  return trace.txns.flatMap((txn) => txn.patches).slice(0, count);
}

function applyEdit(text: Y.Text, [position, deleted, inserted]: Patch): void {
  const at = Math.min(position, text.length);
  if (deleted > 0 && text.length > 0) text.delete(Math.min(at, text.length - 1), 1);
  if (inserted !== '') text.insert(at, inserted);
}

async function ingest(report: Report): Promise<void> {
  const path = tracePath();
  if (path === undefined) {
    process.stderr.write(
      'server.ingest skipped: ../shared/data/editing-traces/automerge-paper.json.gz not found\n',
    );
    return;
  }
  const edits = await readEdits(path, EDITS);
  const files = serveFiles([{ token: 'bench', access: 'read-write', prefixes: ['bench/'] }]);
  const server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
  const clients = Array.from({ length: CLIENTS }, () => connectClient(server.url, DOC, 'bench'));
  try {
    await waitFor(() => clients.every((c) => c.provider.synced), 10_000, 'clients synced');
    const started = performance.now();
    for (let i = 0; i < edits.length; i += CLIENTS * 10) {
      for (let j = i; j < Math.min(i + CLIENTS * 10, edits.length); j++)
        applyEdit((clients[j % CLIENTS] as TestClient).doc.getText('t'), edits[j] as Patch);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(
      () => clients.every((c) => !c.provider.hasUnsyncedChanges),
      600_000,
      'every edit acknowledged',
    );
    const seconds = (performance.now() - started) / 1000;
    report({ metric: 'server.ingest', value: edits.length / seconds, unit: 'updates/s' });
  } finally {
    for (const client of clients) client.destroy();
    await server.stop();
    files.remove();
  }
}

/** Milliseconds from an edit on `sender` to its arrival at each receiver, over `samples` edits. */
async function arrivalTimes(
  sender: TestClient,
  receivers: TestClient[],
  samples: number,
): Promise<number[][]> {
  const times: number[][] = receivers.map(() => []);
  for (let i = 0; i < samples; i++) {
    const marker = `m${i};`;
    const arrived = receivers.map(() => Number.NaN);
    const listeners = receivers.map((receiver, r) => {
      const listener = () => {
        if (Number.isNaN(arrived[r]) && receiver.doc.getText('t').toString().endsWith(marker))
          arrived[r] = performance.now();
      };
      receiver.doc.on('update', listener);
      return listener;
    });
    const sent = performance.now();
    sender.doc.getText('t').insert(sender.doc.getText('t').length, marker);
    await waitFor(() => arrived.every((t) => !Number.isNaN(t)), 10_000, `edit ${i} everywhere`);
    receivers.forEach((receiver, r) => {
      receiver.doc.off('update', listeners[r] as () => void);
      (times[r] as number[]).push((arrived[r] as number) - sent);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return times;
}

async function scaleout(report: Report): Promise<void> {
  if (!hasRedisServer()) {
    process.stderr.write('server.scaleout.ratio skipped: redis-server is not installed\n');
    return;
  }
  const redis = await startRedis();
  const files = serveFiles([{ token: 'bench', access: 'read-write', prefixes: ['bench/'] }]);
  const instances: ServeProcess[] = [];
  const clients: TestClient[] = [];
  try {
    for (const data of ['a.sqlite', 'b.sqlite'])
      instances.push(
        await startServeProcess([
          '--port',
          '0',
          '--data',
          join(files.dir, data),
          '--tokens',
          files.tokens,
          '--redis',
          redis.url,
        ]),
      );
    const [a, b] = instances as [ServeProcess, ServeProcess];
    clients.push(
      connectClient(a.url, 'bench/scaleout', 'bench'),
      connectClient(a.url, 'bench/scaleout', 'bench'),
      connectClient(b.url, 'bench/scaleout', 'bench'),
    );
    const [sender, same, other] = clients as [TestClient, TestClient, TestClient];
    await waitFor(() => clients.every((c) => c.provider.synced), 10_000, 'clients synced');
    await arrivalTimes(sender, [same, other], 10); // warm-up
    const [sameTimes, otherTimes] = (await arrivalTimes(sender, [same, other], SCALEOUT_SAMPLES)) as [
      number[],
      number[],
    ];
    const sameMedian = percentile(sameTimes, 50);
    const otherMedian = percentile(otherTimes, 50);
    report({ metric: 'server.scaleout.same-instance.p50', value: sameMedian, unit: 'ms' });
    report({ metric: 'server.scaleout.other-instance.p50', value: otherMedian, unit: 'ms' });
    report({ metric: 'server.scaleout.ratio', value: otherMedian / sameMedian, unit: 'ratio' });
  } finally {
    for (const client of clients) client.destroy();
    for (const instance of instances) await instance.stop();
    await redis.stop();
    files.remove();
  }
}

export async function run(report: Report): Promise<void> {
  await ingest(report);
  await scaleout(report);
}
