import type { ScanSink } from './update-scan.ts';
import { blockUpdate, UpdateWriter } from './update-writer.ts';

/** Client block bytes: `bytes` from `from` to `to`. */
export interface Block {
  readonly first: number;
  readonly length: number;
  readonly structs: number;
  readonly bytes: Uint8Array;
  readonly from: number;
  readonly to: number;
  readonly skip: boolean;
}

/** One client's blocks that continue one another, copied end to end as they come. */
interface Run {
  readonly first: number;
  end: number;
  structs: number;
  bytes: Uint8Array;
  size: number;
}

/**
 * Joins scanned updates into one v1 update by copying their client blocks' bytes — per client in clock order,
 * a Skip struct over each gap (as `Y.mergeUpdates` writes) — and the union of their delete sets. A block wholly
 * inside what is already taken is dropped: a Yjs id always names the same content, so it is a copy (applying it
 * would change nothing either). What copying cannot join — a block that partly overlaps one taken, or that holds
 * a Skip a later block may fill — comes back apart in `rest`, one update each, for `Y.mergeUpdates`.
 *
 * Blocks that continue their client's run (a client's own typing, in order) are copied as they are scanned;
 * only the others are kept and ordered at the end.
 */
export class UpdateSplicer implements ScanSink {
  readonly #runs = new Map<number, Run>();
  readonly #others = new Map<number, Block[]>();
  readonly #deletes = new Map<number, number[]>();
  #lastClient = -1;
  #lastRun: Run | undefined;

  block(
    client: number,
    first: number,
    length: number,
    structs: number,
    bytes: Uint8Array,
    from: number,
    to: number,
    skip: boolean,
  ): void {
    const run = client === this.#lastClient ? this.#lastRun : this.#runs.get(client);
    if (!skip && run === undefined && !this.#others.has(client)) {
      const started: Run = {
        first,
        end: first,
        structs: 0,
        bytes: new Uint8Array(Math.max(256, 2 * (to - from))),
        size: 0,
      };
      this.#runs.set(client, started);
      this.#append(started, length, structs, bytes, from, to);
      [this.#lastClient, this.#lastRun] = [client, started];
    } else if (!skip && run !== undefined && first === run.end) {
      this.#append(run, length, structs, bytes, from, to);
      [this.#lastClient, this.#lastRun] = [client, run];
    } else {
      const others = this.#others.get(client);
      const block = { first, length, structs, bytes, from, to, skip };
      if (others === undefined) this.#others.set(client, [block]);
      else others.push(block);
    }
  }

  deleted(client: number, clock: number, length: number): void {
    const ranges = this.#deletes.get(client);
    if (ranges === undefined) this.#deletes.set(client, [clock, length]);
    else ranges.push(clock, length);
  }

  /** The joined update, and what could not be joined (updates of their own). */
  finish(): { merged: Uint8Array; rest: Uint8Array[] } {
    const rest: Uint8Array[] = [];
    const clients = [...new Set([...this.#runs.keys(), ...this.#others.keys()])].sort((a, b) => b - a); // as Yjs
    const sections: { client: number; pieces: (Block | number)[] }[] = [];
    let size = 10;
    for (const client of clients) {
      const run = this.#runs.get(client);
      const blocks = this.#others.get(client) ?? [];
      if (run !== undefined)
        blocks.push({
          first: run.first,
          length: run.end - run.first,
          structs: run.structs,
          bytes: run.bytes,
          from: 0,
          to: run.size,
          skip: false,
        });
      const pieces = order(client, blocks, rest);
      for (const piece of pieces) size += typeof piece === 'number' ? 11 : piece.to - piece.from;
      if (pieces.length > 0) sections.push({ client, pieces });
      size += 30;
    }
    for (const ranges of this.#deletes.values()) size += 20 + 10 * ranges.length;
    const out = new UpdateWriter(size);
    out.varUint(sections.length);
    for (const { client, pieces } of sections) {
      let structs = 0;
      for (const piece of pieces) structs += typeof piece === 'number' ? 1 : piece.structs;
      out.varUint(structs);
      out.varUint(client);
      out.varUint((pieces[0] as Block).first);
      for (const piece of pieces) {
        if (typeof piece === 'number') out.skip(piece);
        else out.copy(piece.bytes, piece.from, piece.to);
      }
    }
    out.deleteSet(this.#deletes);
    return { merged: out.done(), rest };
  }

  #append(run: Run, length: number, structs: number, bytes: Uint8Array, from: number, to: number): void {
    const size = to - from;
    if (run.size + size > run.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * run.bytes.length, run.size + size));
      grown.set(run.bytes.subarray(0, run.size));
      run.bytes = grown;
    }
    if (size > 64) run.bytes.set(bytes.subarray(from, to), run.size);
    else for (let i = 0; i < size; i++) run.bytes[run.size + i] = bytes[from + i] as number;
    run.size += size;
    run.end += length;
    run.structs += structs;
  }
}

/**
 * One client's blocks in clock order, as pieces to write: blocks, and gaps as their length in clocks. Blocks
 * that cannot be copied go to `rest` as updates of their own.
 */
function order(client: number, blocks: Block[], rest: Uint8Array[]): (Block | number)[] {
  if (blocks.length > 1) blocks.sort((a, b) => a.first - b.first);
  const pieces: (Block | number)[] = [];
  let end = -1;
  for (const block of blocks) {
    const stop = block.first + block.length;
    if (block.skip || (end !== -1 && block.first < end && stop > end)) rest.push(blockUpdate(client, block));
    else if (end === -1 || block.first >= end) {
      if (end !== -1 && block.first > end) pieces.push(block.first - end);
      pieces.push(block);
      end = stop;
    } // else: inside what is taken already
  }
  return pieces;
}
