/**
 * Sync layer figures on the B4 trace (automerge-paper: a LaTeX paper typed key by key; CC BY 4.0, Martin
 * Kleppmann, via the editing-traces collection in `../shared/data/editing-traces/`):
 * - `sync.b4.apply`: ms for one Yjs document to apply the whole trace edit by edit (Yjs alone, the reference);
 * - `sync.reconcile.ratio`: after a partition in which both sides edited, the bytes two SyncHubs exchange over a
 *   memory pair to converge (every message, both ways, acks included) / the size of the two state-vector diffs.
 *   Goal ≤ 1.1.
 */

import { createMemoryChannelPair, SyncHub } from '@offgrid/sync';
import { countIncoming, type EditingTrace, loadEditingTrace, settle } from '@offgrid/sync/testing';
import * as Y from 'yjs';
import type { Report } from '../bench-suite.ts';

export const name = 'sync';

function applyTrace(text: Y.Text, trace: EditingTrace, from = 0, to = trace.txns.length): void {
  const doc = text.doc as Y.Doc;
  for (let i = from; i < to; i++) {
    const txn = trace.txns[i] as EditingTrace['txns'][number];
    doc.transact(() => {
      for (const [pos, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(pos, deleted);
        if (inserted !== '') text.insert(pos, inserted);
      }
    });
  }
}

function b4Apply(trace: EditingTrace): number {
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    const started = performance.now();
    applyTrace(text, trace);
    runs.push(performance.now() - started);
    if (text.toString() !== trace.endContent) throw new Error('the B4 trace did not end with its endContent');
  }
  return runs.sort((a, b) => a - b)[1] as number;
}

async function reconcileRatio(trace: EditingTrace): Promise<number> {
  const [x, y] = [new SyncHub(), new SyncHub()];
  const [xDoc, yDoc] = [x.open('paper'), y.open('paper')];
  const half = Math.floor(trace.txns.length / 2);
  applyTrace(xDoc.doc.getText('t'), trace, 0, half);
  const [a, b] = createMemoryChannelPair();
  const xLink = x.attach(a, { peerId: 'y' });
  y.attach(b, { peerId: 'x' });
  await settle(() => yDoc.doc.getText('t').length === xDoc.doc.getText('t').length, 'first sync', 60_000);
  xLink.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
  // The partition: x types on through the trace, y edits the same text at the other end.
  applyTrace(xDoc.doc.getText('t'), trace, half, half + 20_000);
  const yText = yDoc.doc.getText('t');
  for (let i = 0; i < 5_000; i++) {
    if (i % 5 === 4) yText.delete(yText.length - 3, 2);
    else yText.insert(yText.length, 'y'.repeat(1 + (i % 3)));
  }
  const diffs =
    Y.encodeStateAsUpdate(xDoc.doc, Y.encodeStateVector(yDoc.doc)).length +
    Y.encodeStateAsUpdate(yDoc.doc, Y.encodeStateVector(xDoc.doc)).length;
  const [c, d] = createMemoryChannelPair();
  const atX = countIncoming(c);
  const atY = countIncoming(d);
  x.attach(c, { peerId: 'y' });
  y.attach(d, { peerId: 'x' });
  const same = () => xDoc.doc.getText('t').toString() === yDoc.doc.getText('t').toString();
  await settle(
    () => same() && xDoc.unconfirmed().count === 0 && yDoc.unconfirmed().count === 0,
    'reconciled',
    60_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  x.destroy();
  y.destroy();
  return (atX.bytes + atY.bytes) / diffs;
}

export async function run(report: Report): Promise<void> {
  const trace = loadEditingTrace('automerge-paper');
  report({ metric: 'sync.b4.apply', value: b4Apply(trace), unit: 'ms' });
  report({ metric: 'sync.reconcile.ratio', value: await reconcileRatio(trace), unit: 'ratio' });
}
