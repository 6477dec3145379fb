import * as Y from 'yjs';

/** Structs of one client: clocks `from` (inclusive) to `to` (exclusive). */
export interface ClockRange {
  client: number;
  from: number;
  to: number;
}

/**
 * Past this many separate ranges for one client, new ones that extend none are not kept: only a peer sending
 * scattered fragments gets there, and forgetting a range only makes a confirmation come later, never wrong.
 */
const maxRangesPerClient = 1024;

/**
 * Which struct ranges of each client a replica is known to hold, and from them the state vector it is known to
 * hold: per client, how far it holds every struct from clock 0. A state vector says "everything below", so a
 * range past a hole says nothing until the hole is filled — which is exactly the case of an update that a
 * Hocuspocus server acknowledged but could only keep pending, because the step 2 it builds on had not arrived.
 */
export class HeldRanges {
  /** Per client, disjoint ranges sorted by `from`, none touching another. */
  readonly #ranges = new Map<number, [number, number][]>();

  /** Holds every struct below the clocks of a state vector. */
  addVector(stateVector: ReadonlyMap<number, number>): void {
    for (const [client, clock] of stateVector) this.add({ client, from: 0, to: clock });
  }

  addAll(ranges: readonly ClockRange[]): void {
    for (const range of ranges) this.add(range);
  }

  add({ client, from, to }: ClockRange): void {
    if (to <= from) return;
    const list = this.#ranges.get(client) ?? [];
    this.#ranges.set(client, list);
    let i = 0;
    while (i < list.length && (list[i] as [number, number])[1] < from) i++;
    let start = from;
    let end = to;
    let j = i;
    while (j < list.length && (list[j] as [number, number])[0] <= end) {
      const [f, t] = list[j] as [number, number];
      start = Math.min(start, f);
      end = Math.max(end, t);
      j++;
    }
    if (j === i && list.length >= maxRangesPerClient) return;
    list.splice(i, j - i, [start, end]);
  }

  /** The state vector known to be held: per client, the end of the range that starts at clock 0. */
  stateVector(): Map<number, number> {
    const vector = new Map<number, number>();
    for (const [client, list] of this.#ranges) {
      const first = list[0];
      if (first !== undefined && first[0] === 0) vector.set(client, first[1]);
    }
    return vector;
  }
}

/**
 * The struct ranges a Yjs update (v1) carries, per client; the holes of a merged update (its `Skip` structs,
 * as in an update holding pending structs) are left out. An update that does not decode carries nothing.
 */
export function structRanges(update: Uint8Array): ClockRange[] {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return [];
  }
  const ranges: ClockRange[] = [];
  let last: ClockRange | undefined;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    if (last !== undefined && last.client === client && last.to === clock) last.to += struct.length;
    else {
      last = { client, from: clock, to: clock + struct.length };
      ranges.push(last);
    }
  }
  return ranges;
}
