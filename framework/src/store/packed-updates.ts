import type { StoredUpdates } from './document-store.ts';

/**
 * A document's stored updates end to end in one buffer, as a store that reads a whole log in one query returns
 * them. Making 100 000 small `Uint8Array`s costs more than reading and merging the updates: ≈ 0.5 µs a row from
 * `node:sqlite`, ≈ 0.15 µs a view (docs/benchmarks.md, `notes.open.100k.ratio`).
 */
export class PackedUpdates {
  readonly bytes: Uint8Array;
  /** `ends[i]`: offset in {@link bytes} just past update `i`, which starts at `ends[i - 1]` (0 for the first). */
  readonly ends: Uint32Array;

  constructor(bytes: Uint8Array, ends: Uint32Array) {
    if (ends.length > 0 && ends[ends.length - 1] !== bytes.length)
      throw new RangeError('the last update must end where the bytes end');
    this.bytes = bytes;
    this.ends = ends;
  }

  /** Packs from a comma-separated list of byte lengths (what SQLite's `group_concat(length(data))` gives). */
  static fromLengths(bytes: Uint8Array, count: number, lengths: string): PackedUpdates {
    const ends = new Uint32Array(count);
    let i = 0;
    let end = 0;
    let length = 0;
    for (let c = 0; c < lengths.length; c++) {
      const code = lengths.charCodeAt(c);
      if (code === 44) {
        end += length;
        ends[i++] = end;
        length = 0;
      } else length = length * 10 + (code - 48);
    }
    if (count > 0) ends[i++] = end + length;
    if (i !== count) throw new RangeError(`${i} lengths for ${count} updates`);
    return new PackedUpdates(bytes, ends);
  }

  get count(): number {
    return this.ends.length;
  }

  /** Update `i` as a view on {@link bytes} (no copy). */
  at(i: number): Uint8Array {
    return this.bytes.subarray(i === 0 ? 0 : (this.ends[i - 1] as number), this.ends[i]);
  }

  /** Every update as a view, oldest first. */
  toArray(): Uint8Array[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i));
  }
}

/**
 * A {@link StoredUpdates} over packed updates: `updates` (one view each) is made only if someone asks for it; the
 * workspace reads `packed`.
 */
export function storedFromPacked(packed: PackedUpdates, through: number): StoredUpdates {
  let updates: Uint8Array[] | undefined;
  return {
    through,
    packed,
    get updates() {
      updates ??= packed.toArray();
      return updates;
    },
  };
}

/** The log as the merge reads it: packed when the store gave it so. */
export const logOf = (stored: StoredUpdates): readonly Uint8Array[] | PackedUpdates =>
  stored.packed ?? stored.updates;

/** How many updates a log holds. */
export const countOf = (log: readonly Uint8Array[] | PackedUpdates): number =>
  log instanceof PackedUpdates ? log.count : log.length;
