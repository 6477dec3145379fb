/**
 * Sync layer figures on the B4 trace (automerge-paper: a LaTeX paper typed key by key; CC BY 4.0, Martin
 * Kleppmann, via the editing-traces collection in `../shared/data/editing-traces/`):
 * - `sync.b4.apply`: ms for one Yjs document to apply the whole trace edit by edit (Yjs alone, the reference);
 * - `sync.reconcile.ratio`: after a partition in which both sides edited, the bytes two SyncHubs exchange over a
 *   memory pair to converge (every message, both ways, acks included) / the size of the two state-vector diffs.
 *   Goal ≤ 1.1.
 * - `sync.b4.live.ratio`: A replays the trace in slices of 500 edits (yielding between them, as typing would)
 *   while synced live with B over an LP2PDataChannel on a TCP session on loopback: time until B holds A's final
 *   state / the same replay with no sync (median of 3 turns). Both hubs run in this one process, so B's work is
 *   counted too.
 *   Goal ≤ 1.25.
 * - `sync.wire.ratio`: bytes on the channel (both ways) during that run / bytes of the Yjs updates A produced.
 *   Goal ≤ 1.3.
 */

import { once } from 'node:events';
import { createMemoryChannelPair, SyncHub } from '@offgrid/sync';
import { countIncoming, type EditingTrace, loadEditingTrace, settle } from '@offgrid/sync/testing';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p';
import { lp2pPair } from '@offgrid/transport-lp2p/testing';
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

const slice = 500;

/** Replays the trace slice by slice, yielding to the event loop between slices; returns ms. */
async function replaySliced(text: Y.Text, trace: EditingTrace): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < trace.txns.length; from += slice) {
    applyTrace(text, trace, from, Math.min(trace.txns.length, from + slice));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return performance.now() - started;
}

/**
 * The bytes of the per-transaction Yjs updates of the whole trace typed by `clientID`: a replay of its own, after
 * the timed one — listening to `update` during it would make Yjs encode every transaction there, a cost the sync
 * layer no longer pays. Same client, same edits, so the same updates as A's.
 */
function updateBytesOf(trace: EditingTrace, clientID: number): number {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  let bytes = 0;
  doc.on('update', (update: Uint8Array) => {
    bytes += update.length;
  });
  applyTrace(doc.getText('t'), trace);
  return bytes;
}

/** CPU time (user + system, all threads) since `start`, in ms. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** One live replay: A types the trace while synced with B over an LP2PDataChannel on a TCP session. */
async function liveRun(trace: EditingTrace): Promise<{ ms: number; cpuMs: number; wire: number }> {
  const pair = await lp2pPair('tcp');
  const arriving = once(pair.server, 'datachannel');
  const a = pair.client.createDataChannel('sync');
  await once(a, 'open');
  const b = ((await arriving) as [{ channel: LP2PDataChannel }])[0].channel;
  const [x, y] = [new SyncHub(), new SyncHub()];
  const [xDoc, yDoc] = [x.open('paper'), y.open('paper')];
  x.attach(a, { peerId: 'y' });
  y.attach(b, { peerId: 'x' });
  await settle(() => xDoc.links.size === 1 && [...xDoc.links][0]?.active === true, 'linked', 10_000);
  const atX = countIncoming(a);
  const atY = countIncoming(b);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await replaySliced(xDoc.doc.getText('t'), trace);
  const target = Y.encodeStateVector(xDoc.doc).join();
  await settle(() => Y.encodeStateVector(yDoc.doc).join() === target, 'B caught up', 60_000);
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  if (yDoc.doc.getText('t').toString() !== trace.endContent) throw new Error('B does not hold the trace');
  await settle(() => xDoc.unconfirmed().count === 0, 'acks', 10_000);
  const wire = (atX.bytes + atY.bytes) / updateBytesOf(trace, xDoc.doc.clientID);
  x.destroy();
  y.destroy();
  await pair.close();
  return { ms, cpuMs, wire };
}

/**
 * The VM's speed drifts over seconds, so replays alone and live take turns (the order alternating) and the ratio
 * reported is the median of the turns' ratios.
 */
async function liveRatios(trace: EditingTrace): Promise<{ live: number; wire: number }> {
  const ratios: number[] = [];
  let wire = 0;
  for (let turn = 0; turn < 3; turn++) {
    let aloneCpuMs = 0;
    const alone = async () => {
      const cpu = process.cpuUsage();
      const ms = await replaySliced(new Y.Doc().getText('t'), trace);
      aloneCpuMs = cpuMsSince(cpu);
      return ms;
    };
    let aloneMs: number;
    let live: { ms: number; cpuMs: number; wire: number };
    if (turn % 2 === 0) {
      aloneMs = await alone();
      live = await liveRun(trace);
    } else {
      live = await liveRun(trace);
      aloneMs = await alone();
    }
    ratios.push(live.ms / aloneMs);
    // CPU time beside the wall time: on a loaded machine it shows the work added, where wall time drifts.
    process.stderr.write(
      `turn ${turn}: alone ${aloneMs.toFixed(0)} ms (cpu ${aloneCpuMs.toFixed(0)}), ` +
        `live ${live.ms.toFixed(0)} ms (cpu ${live.cpuMs.toFixed(0)})\n`,
    );
    wire = live.wire;
  }
  return { live: ratios.sort((p, q) => p - q)[1] as number, wire };
}

export async function run(report: Report): Promise<void> {
  const trace = loadEditingTrace('automerge-paper');
  report({ metric: 'sync.b4.apply', value: b4Apply(trace), unit: 'ms' });
  report({ metric: 'sync.reconcile.ratio', value: await reconcileRatio(trace), unit: 'ratio' });
  const { live, wire } = await liveRatios(trace);
  report({ metric: 'sync.b4.live.ratio', value: live, unit: 'ratio' });
  report({ metric: 'sync.wire.ratio', value: wire, unit: 'ratio' });
}
