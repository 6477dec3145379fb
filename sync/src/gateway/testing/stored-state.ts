import { SqliteStore } from '@offgrid/server';
import * as Y from 'yjs';
import { type ClockRange, structRanges } from '../held-ranges.ts';

/**
 * What an `offgrid serve` SQLite file holds of a document (read after the server is gone: the read compacts):
 * `vector`, the state vector a server loading it would have (every struct below it, no hole), and `ranges`,
 * every struct range on disk, including those past a hole that Yjs keeps pending.
 */
export function storedState(
  path: string,
  name: string,
): { vector: Map<number, number>; ranges: ClockRange[] } {
  const store = new SqliteStore(path);
  let state: Uint8Array | null;
  try {
    state = store.load(name);
  } finally {
    store.close();
  }
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
  doc.destroy();
  return { vector, ranges: state ? structRanges(state) : [] };
}

/** Whether state vector `big` holds everything `small` does. */
export function covers(big: ReadonlyMap<number, number>, small: ReadonlyMap<number, number>): boolean {
  return [...small].every(([client, clock]) => (big.get(client) ?? 0) >= clock);
}

export function showVector(vector: ReadonlyMap<number, number>): string {
  return JSON.stringify([...vector]);
}
