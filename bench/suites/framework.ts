/**
 * Framework figures:
 * - `notes.open.100k.ratio`: time to open a document (`workspace.doc(name)` until `whenLoaded`, reading the
 *   SQLite store included) whose store holds 100 000 updates — the first 100 000 transactions of the B4 trace
 *   (automerge-paper, typed key by key), one stored update each, as typing leaves them — / the same after
 *   compaction (one stored update). Median of 5 opens each, alternating. Goal ≤ 2.
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

/** Opens the note from a fresh store handle and returns ms until it is loaded. */
async function open(path: string, expected: string): Promise<number> {
  const started = performance.now();
  const workspace = openWorkspace({
    appId: 'notes',
    store: new SqliteDocumentStore(path),
    compactAfter: Infinity,
  });
  await workspace.whenLoaded('note');
  const elapsed = performance.now() - started;
  if (workspace.doc('note').getText('body').toString() !== expected)
    throw new Error('opened the wrong content');
  await workspace.close();
  return elapsed;
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
    const [full, compacted]: [number[], number[]] = [[], []];
    for (let turn = 0; turn < 5; turn++) {
      full.push(await open(logPath, expected));
      compacted.push(await open(compactPath, expected));
    }
    report({ metric: 'notes.open.100k.ms', value: median([...full]), unit: 'ms' });
    report({ metric: 'notes.open.compacted.ms', value: median([...compacted]), unit: 'ms' });
    report({ metric: 'notes.open.100k.ratio', value: median(full) / median(compacted), unit: 'ratio' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
