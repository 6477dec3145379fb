/**
 * Randomised convergence, seeded and reproducible (lib0/prng): 5 peers, 10 000 operations per seed (text inserts
 * and deletes, map sets, array moves), 20 seeds, with random channel drops (messages in flight are lost),
 * reconnects and partial meshes (updates reach some peers only through relays). Edits happen while earlier
 * messages are still in flight. At the end the peers are joined by a chain only — every path is a relay path —
 * and every peer must hold identical content. Replay one seed: `SYNC_SEED=7 node --test …`.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as prng from 'lib0/prng';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { settle } from '../testing/settle.ts';
import type { SyncErrorEvent } from './events.ts';
import type { SyncDocument } from './sync-document.ts';
import { SyncHub } from './sync-hub.ts';
import type { SyncLink } from './sync-link.ts';

const PEERS = 5;
const OPS_PER_SEED = 10_000;
const SEEDS = process.env.SYNC_SEED
  ? [Number(process.env.SYNC_SEED)]
  : Array.from({ length: 20 }, (_, i) => 1000 + i);

type Edge = { links: [SyncLink, SyncLink] };

function randomOp(gen: prng.PRNG, document: SyncDocument): void {
  const { doc } = document;
  const text = doc.getText('t');
  const map = doc.getMap<number | string>('m');
  const array = doc.getArray<number>('a');
  const kind = prng.int32(gen, 0, 9);
  if (kind < 4) {
    text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 4));
  } else if (kind < 6 && text.length > 0) {
    const at = prng.int32(gen, 0, text.length - 1);
    text.delete(at, prng.int32(gen, 1, Math.min(5, text.length - at)));
  } else if (kind < 8) {
    map.set(`k${prng.int32(gen, 0, 15)}`, prng.bool(gen) ? prng.int32(gen, 0, 1e6) : prng.word(gen, 0, 6));
  } else if (array.length < 8 || (kind === 8 && array.length < 64)) {
    array.insert(prng.int32(gen, 0, array.length), [prng.int32(gen, 0, 1e6)]);
  } else {
    // A move: Yjs arrays have none, so delete and re-insert the value elsewhere in one transaction.
    doc.transact(() => {
      const from = prng.int32(gen, 0, array.length - 1);
      const value = array.get(from);
      array.delete(from, 1);
      array.insert(prng.int32(gen, 0, array.length), [value]);
      if (array.length > 48) array.delete(0, 1);
    });
  }
}

const snapshot = (document: SyncDocument) =>
  JSON.stringify([
    document.doc.getText('t').toString(),
    Object.entries(document.doc.getMap('m').toJSON()).sort(([a], [b]) => (a < b ? -1 : 1)),
    document.doc.getArray('a').toJSON(),
  ]);

async function runSeed(seed: number): Promise<void> {
  const gen = prng.create(seed);
  const hubs = Array.from({ length: PEERS }, () => new SyncHub());
  const docs = hubs.map((hub) => hub.open('doc'));
  const edges = new Map<string, Edge>();
  const errors: string[] = [];
  const key = (i: number, j: number) => (i < j ? `${i}-${j}` : `${j}-${i}`);
  const connect = (i: number, j: number) => {
    if (i === j || edges.has(key(i, j))) return;
    const [a, b] = createMemoryChannelPair(`p${i}`, `p${j}`);
    const links: [SyncLink, SyncLink] = [
      (hubs[i] as SyncHub).attach(a, { peerId: `p${j}` }),
      (hubs[j] as SyncHub).attach(b, { peerId: `p${i}` }),
    ];
    for (const link of links)
      link.addEventListener('error', (e) => errors.push((e as SyncErrorEvent).error.message));
    edges.set(key(i, j), { links });
  };
  const drop = () => {
    const all = [...edges.keys()];
    if (all.length === 0) return;
    const chosen = prng.oneOf(gen, all);
    edges.get(chosen)?.links[0].close();
    edges.delete(chosen);
  };
  for (let i = 0; i + 1 < PEERS; i++) if (prng.bool(gen)) connect(i, i + 1);
  try {
    let ops = 0;
    while (ops < OPS_PER_SEED) {
      const batch = prng.int32(gen, 1, 100);
      for (let k = 0; k < batch && ops < OPS_PER_SEED; k++, ops++) {
        randomOp(gen, docs[prng.int32(gen, 0, PEERS - 1)] as SyncDocument);
      }
      const event = prng.int32(gen, 0, 9);
      if (event === 0) drop();
      else if (event <= 2) connect(prng.int32(gen, 0, PEERS - 1), prng.int32(gen, 0, PEERS - 1));
      // Half the time, deliver before editing again; otherwise edits overlap messages in flight.
      if (prng.bool(gen)) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Partial mesh to the end: a chain, so peers at the ends hear each other only through relays.
    for (const edge of [...edges.keys()]) {
      const [i, j] = edge.split('-').map(Number) as [number, number];
      if (j - i !== 1) {
        edges.get(edge)?.links[0].close();
        edges.delete(edge);
      }
    }
    for (let i = 0; i + 1 < PEERS; i++) connect(i, i + 1);
    const expected = () => snapshot(docs[0] as SyncDocument);
    await settle(() => docs.every((d) => snapshot(d) === expected()), `seed ${seed} to converge`, 20_000);
    assert.deepEqual(errors, [], 'honest peers never fail a link');
    assert.ok((docs[0] as SyncDocument).doc.getText('t').length > 0, 'something was written');
    for (const document of docs)
      assert.equal(document.doc.store.pendingStructs, null, 'nothing left pending');
  } finally {
    for (const hub of hubs) hub.destroy();
  }
}

it(`${PEERS} peers converge after ${OPS_PER_SEED} random operations, drops and relays, for ${SEEDS.length} seeds`, async () => {
  const started = performance.now();
  for (const seed of SEEDS) await runSeed(seed);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`# convergence: ${SEEDS.length} seeds in ${seconds.toFixed(1)} s\n`);
});
