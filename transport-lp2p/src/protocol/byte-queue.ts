import { unfilledBytes } from './unfilled-bytes.ts';

/**
 * The bytes received on a stream and not yet consumed, kept as the chunks they arrived in. Reading a byte at
 * increasing offsets walks the chunks once; taking a frame copies only if the frame spans chunks.
 */
export class ByteQueue {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;
  /** Cursor for `byteAt`: index of a chunk and the offset of its first byte. Scans move forward. */
  #cursorChunk = 0;
  #cursorBase = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The byte at `index` (< `length`). Amortised O(1) for non-decreasing indexes. */
  readonly byteAt = (index: number): number => {
    if (index < this.#cursorBase) {
      this.#cursorChunk = 0;
      this.#cursorBase = 0;
    }
    let chunk = this.#chunks[this.#cursorChunk] as Uint8Array;
    while (index - this.#cursorBase >= chunk.length) {
      this.#cursorBase += chunk.length;
      chunk = this.#chunks[++this.#cursorChunk] as Uint8Array;
    }
    return chunk[index - this.#cursorBase] as number;
  };

  /** Removes and returns the first `count` (≤ `length`) bytes: a view if they lie in one chunk, else a copy. */
  take(count: number): Uint8Array {
    const first = this.#chunks[0];
    if (first === undefined || first.length < count) return this.takeCopy(count);
    this.#startTake(count);
    if (first.length === count) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(count);
    return first.subarray(0, count);
  }

  /**
   * Removes and returns the first `count` (≤ `length`) bytes as a copy that fills its own ArrayBuffer, so it can
   * be handed out as that buffer: the chunks may be views of a shared pool.
   */
  takeCopy(count: number): Uint8Array {
    const out = unfilledBytes(count);
    this.takeInto(out);
    return out;
  }

  /** Removes the first `target.length` (≤ `length`) bytes, copying them into `target`. */
  takeInto(target: Uint8Array): void {
    this.#startTake(target.length);
    this.#copyOut(target);
  }

  #startTake(count: number): void {
    if (count > this.#length) throw new RangeError(`cannot take ${count} of ${this.#length} bytes`);
    this.#cursorChunk = 0;
    this.#cursorBase = 0;
    this.#length -= count;
  }

  #copyOut(out: Uint8Array): void {
    const count = out.length;
    let filled = 0;
    let used = 0;
    while (filled < count) {
      const chunk = this.#chunks[used] as Uint8Array;
      const part = Math.min(chunk.length, count - filled);
      out.set(part === chunk.length ? chunk : chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) used++;
      else this.#chunks[used] = chunk.subarray(part);
    }
    this.#chunks.splice(0, used);
  }
}
