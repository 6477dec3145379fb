/**
 * Framework figures:
 * - `notes.open.100k.ratio`: time to open a document (`workspace.doc(name)` until `whenLoaded`, reading the
 *   SQLite store included) whose store holds 100 000 updates — the first 100 000 transactions of the B4 trace
 *   (automerge-paper, typed key by key), one stored update each, as typing leaves them — / the same after
 *   compaction (one stored update). Median of 5 opens each, alternating. Goal ≤ 2. The opens' CPU medians (all
 *   threads; steadier than wall time on a shared machine) and the first opens go to stderr.
 * - `notes.compact.100k`: ms for one compaction of that log (runs in the background in the app).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace, SqliteDocumentStore } from '@offgrid/framework/node';
import { type EditingTrace, loadEditingTrace } from '@offgrid/sync/testing';
import * as Y from 'yjs';
import type { Report } from '../bench-suite.ts';

export const name = 'framework';

const updates = 100_000;

/** Stores the first `updates` transactions of the trace as one update each; returns the final text. */
async function fill(path: string, trace: EditingTrace): Promise<string> {
  const store = new SqliteDocumentStore(path);
  const doc = new Y.Doc();
  const text = doc.getText('body');
  const saves: Promise<void>[] = [];
  doc.on('update', (update: Uint8Array) => saves.push(store.append('note', update)));
  for (let i = 0; i < updates; i++) {
    const txn = trace.txns[i] as EditingTrace['txns'][number];
    doc.transact(() => {
      for (const [pos, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(pos, deleted);
        if (inserted !== '') text.insert(pos, inserted);
      }
    });
    if (saves.length >= 5000) await Promise.all(saves.splice(0));
  }
  await Promise.all(saves);
  await store.close();
  return text.toString();
}

/** Opens the note from a fresh store handle: ms until it is loaded, wall clock and CPU (all threads). */
async function open(path: string, expected: string): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const workspace = openWorkspace({
    appId: 'notes',
    store: new SqliteDocumentStore(path),
    compactAfter: Infinity,
  });
  await workspace.whenLoaded('note');
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (workspace.doc('note').getText('body').toString() !== expected)
    throw new Error('opened the wrong content');
  await workspace.close();
  return { wall: elapsed, cpu: (used.user + used.system) / 1000 };
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function run(report: Report): Promise<void> {
  const trace = loadEditingTrace('automerge-paper');
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-bench-framework-'));
  try {
    const [logPath, compactPath] = [join(dir, 'log.db'), join(dir, 'compact.db')];
    const expected = await fill(logPath, trace);
    await fill(compactPath, trace);
    const workspace = openWorkspace({
      appId: 'notes',
      store: new SqliteDocumentStore(compactPath),
      compactAfter: Infinity,
    });
    await workspace.whenLoaded('note');
    const started = performance.now();
    await workspace.compact('note');
    report({ metric: 'notes.compact.100k', value: performance.now() - started, unit: 'ms' });
    await workspace.close();
    const [full, compacted]: [{ wall: number; cpu: number }[], { wall: number; cpu: number }[]] = [[], []];
    for (let turn = 0; turn < 5; turn++) {
      full.push(await open(logPath, expected));
      compacted.push(await open(compactPath, expected));
    }
    const [fullMs, compactedMs] = [median(full.map((o) => o.wall)), median(compacted.map((o) => o.wall))];
    report({ metric: 'notes.open.100k.ms', value: fullMs, unit: 'ms' });
    report({ metric: 'notes.open.compacted.ms', value: compactedMs, unit: 'ms' });
    report({ metric: 'notes.open.100k.ratio', value: fullMs / compactedMs, unit: 'ratio' });
    // CPU time is steadier than wall time on a shared VM (not a metric: a note for docs/benchmarks.md).
    const [fullCpu, compactedCpu] = [median(full.map((o) => o.cpu)), median(compacted.map((o) => o.cpu))];
    process.stderr.write(
      `framework: open CPU medians 100k ${fullCpu.toFixed(0)} ms, compacted ${compactedCpu.toFixed(0)} ms, ratio ${(fullCpu / compactedCpu).toFixed(2)}; first opens ${full[0]?.wall.toFixed(0)} / ${compacted[0]?.wall.toFixed(0)} ms\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
