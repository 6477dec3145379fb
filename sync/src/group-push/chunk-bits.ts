import { PushProtocolError } from '../errors/group-push-error.ts';

/** Which chunks a member holds: one bit per chunk, chunk 0 in the low bit of byte 0 (the HAVE-ALL payload). */
export class ChunkBits {
  readonly size: number;
  readonly #bytes: Uint8Array;
  #count = 0;

  constructor(size: number) {
    this.size = size;
    this.#bytes = new Uint8Array(Math.ceil(size / 8));
  }

  /** Parses a HAVE-ALL payload for a manifest of `size` chunks; wrong length or bits past the end are refused. */
  static fromBytes(size: number, bytes: Uint8Array): ChunkBits {
    const bits = new ChunkBits(size);
    if (bytes.length !== bits.#bytes.length) {
      throw new PushProtocolError('malformed-frame', `bitfield of ${bytes.length} bytes for ${size} chunks`);
    }
    for (let i = 0; i < size; i++) if ((bytes[i >> 3] ?? 0) & (1 << (i & 7))) bits.set(i);
    if (!bits.#bytes.every((byte, i) => byte === bytes[i])) {
      throw new PushProtocolError('malformed-frame', 'bitfield has bits past the last chunk');
    }
    return bits;
  }

  static full(size: number): ChunkBits {
    const bits = new ChunkBits(size);
    for (let i = 0; i < size; i++) bits.set(i);
    return bits;
  }

  has(index: number): boolean {
    return ((this.#bytes[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
  }

  set(index: number): void {
    if (index < 0 || index >= this.size || this.has(index)) return;
    this.#bytes[index >> 3] = (this.#bytes[index >> 3] ?? 0) | (1 << (index & 7));
    this.#count++;
  }

  clear(index: number): void {
    if (!this.has(index)) return;
    this.#bytes[index >> 3] = (this.#bytes[index >> 3] ?? 0) & ~(1 << (index & 7));
    this.#count--;
  }

  get count(): number {
    return this.#count;
  }

  get complete(): boolean {
    return this.#count === this.size;
  }

  toBytes(): Uint8Array {
    return this.#bytes.slice();
  }
}
