import type { Block } from './update-splice.ts';

/**
 * Writes a v1 update (format: see `update-scan.ts`) into a buffer sized up front: lib0 var-uints, struct bytes
 * copied from other updates, Skip structs, a delete set.
 */
export class UpdateWriter {
  readonly #bytes: Uint8Array;
  #pos = 0;

  /** `size`: enough for everything that will be written. */
  constructor(size: number) {
    this.#bytes = new Uint8Array(size);
  }

  /** lib0 `writeVarUint`: 7 bits a byte, low first, the high bit set on all but the last. */
  varUint(value: number): void {
    let n = value;
    while (n > 0x7f) {
      this.#bytes[this.#pos++] = 0x80 | (n & 0x7f);
      n = Math.floor(n / 128);
    }
    this.#bytes[this.#pos++] = n;
  }

  /** A Skip struct (info 10) over `length` clocks: a gap no update filled. */
  skip(length: number): void {
    this.#bytes[this.#pos++] = 10;
    this.varUint(length);
  }

  copy(source: Uint8Array, from: number, to: number): void {
    if (to - from > 64) this.#bytes.set(source.subarray(from, to), this.#pos);
    else for (let i = from; i < to; i++) this.#bytes[this.#pos + i - from] = source[i] as number;
    this.#pos += to - from;
  }

  /**
   * The union of deleted ranges (per client, flat `[clock, length, …]`): per client, highest first as Yjs writes
   * them, ranges by clock with overlapping and touching ones joined (yjs `sortAndMergeDeleteSet`).
   */
  deleteSet(deletes: Map<number, number[]>): void {
    const clients = [...deletes.keys()].sort((a, b) => b - a);
    this.varUint(clients.length);
    for (const client of clients) {
      const flat = deletes.get(client) as number[];
      const order = Array.from({ length: flat.length / 2 }, (_, i) => 2 * i);
      order.sort((a, b) => (flat[a] as number) - (flat[b] as number));
      const joined: number[] = [];
      for (const i of order) {
        const clock = flat[i] as number;
        const stop = clock + (flat[i + 1] as number);
        const last = joined.length - 2;
        if (last >= 0 && clock <= (joined[last] as number) + (joined[last + 1] as number))
          joined[last + 1] = Math.max(joined[last + 1] as number, stop - (joined[last] as number));
        else joined.push(clock, stop - clock);
      }
      this.varUint(client);
      this.varUint(joined.length / 2);
      for (const n of joined) this.varUint(n);
    }
  }

  done(): Uint8Array {
    return this.#bytes.slice(0, this.#pos);
  }
}

/** One client block as an update of its own (no deletions). */
export function blockUpdate(client: number, block: Block): Uint8Array {
  const out = new UpdateWriter(block.to - block.from + 40);
  out.varUint(1);
  out.varUint(block.structs);
  out.varUint(client);
  out.varUint(block.first);
  out.copy(block.bytes, block.from, block.to);
  out.varUint(0);
  return out.done();
}
