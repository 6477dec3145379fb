import { MessageDecodeError } from '../errors/index.ts';

/**
 * A structural scanner of CBOR item headers (RFC 8949 §3): it walks headers and skips string contents, so it
 * learns where one top-level item ends, its nesting depth and item count, without decoding any value.
 *
 * Why not let cborg find the end? cborg needs the whole item in one buffer and would materialise it first, so a
 * peer could make us buffer or recurse arbitrarily before any check ran. This scanner enforces the limits on
 * declared lengths and counts before a byte of them is buffered, rejects indefinite lengths and tags, and is
 * resumable: the stream reader feeds it only new bytes, so reading a frame stays linear in its size. Value
 * decoding stays cborg's.
 */
export interface ScanLimits {
  /** Offset (exclusive) past which no byte of the item may lie. */
  readonly end: number;
  readonly maxDepth: number;
  readonly maxItems: number;
}

/** Called for each text string's content range so a caller holding the bytes can check its UTF-8. */
export type TextRangeCallback = (start: number, end: number) => void;

export class CborScanner {
  readonly #limits: ScanLimits;
  readonly #onText: TextRangeCallback | undefined;
  /** Items still expected by each open array or map, innermost last. */
  readonly #open: number[] = [];
  #pos: number;
  /** Items seen or announced so far; the top-level item counts as one. */
  #items = 1;
  #end = -1;

  /** Scans one item starting at `start`. */
  constructor(start: number, limits: ScanLimits, onText?: TextRangeCallback) {
    this.#pos = start;
    this.#limits = limits;
    this.#onText = onText;
  }

  /**
   * Advances over the headers within the first `available` bytes. Returns the offset just past the item once it
   * is complete and wholly available, `undefined` while more bytes are needed.
   * @throws MessageDecodeError for indefinite lengths, tags, reserved encodings and exceeded limits.
   */
  scan(byteAt: (index: number) => number, available: number): number | undefined {
    while (this.#end < 0) {
      const pos = this.#pos;
      if (pos >= available) return undefined;
      const initial = byteAt(pos);
      const major = initial >> 5;
      const info = initial & 0x1f;
      if (info === 31) {
        throw new MessageDecodeError('indefinite-length', `indefinite length or break at offset ${pos}`);
      }
      if (info > 27) {
        throw new MessageDecodeError('malformed-cbor', `reserved additional info ${info} at ${pos}`);
      }
      const headerLength = info < 24 ? 1 : 1 + (1 << (info - 24));
      if (pos + headerLength > available) return undefined;
      const argument = info < 24 ? info : readArgument(byteAt, pos + 1, headerLength - 1);
      let next = pos + headerLength;
      if (major === 2 || major === 3) {
        // A declared length beyond the limit is rejected here, before anything waits for or buffers it.
        if (argument > this.#limits.end - next) throw tooLarge(`string of ${size(argument)} bytes at ${pos}`);
        if (major === 3) this.#onText?.(next, next + argument);
        next += argument;
      } else if (major === 6) {
        throw new MessageDecodeError('malformed-cbor', `tag at offset ${pos}: OSP messages use no tags`);
      } else if (major === 4 || major === 5) {
        if (this.#open.length >= this.#limits.maxDepth) {
          throw new MessageDecodeError('too-deep', `nesting deeper than ${this.#limits.maxDepth} at ${pos}`);
        }
        const count = major === 5 ? argument * 2 : argument;
        // Every item takes at least one byte, so a count beyond the bytes allowed cannot be honest.
        if (count > this.#limits.end - next) {
          throw tooLarge(`container of ${size(argument)} entries at ${pos}`);
        }
        this.#countItems(count, pos);
        if (count > 0) {
          this.#open.push(count);
          this.#pos = next;
          continue;
        }
      }
      if (next > this.#limits.end) throw tooLarge(`item at ${pos} ends past the frame limit`);
      this.#pos = next;
      this.#completeItem();
    }
    return this.#end <= available ? this.#end : undefined;
  }

  /** Containers announce their items up front, so the limit trips before any of them is read. */
  #countItems(count: number, pos: number): void {
    if (count > this.#limits.maxItems - this.#items) {
      throw tooLarge(`more than ${this.#limits.maxItems} data items (at offset ${pos})`);
    }
    this.#items += count;
  }

  /** One item ended at `#pos`: close every container it filled; the last one closed may be the top level. */
  #completeItem(): void {
    const open = this.#open;
    while (open.length > 0) {
      const last = open.length - 1;
      const remaining = (open[last] as number) - 1;
      if (remaining > 0) {
        open[last] = remaining;
        return;
      }
      open.pop();
    }
    this.#end = this.#pos;
  }
}

function tooLarge(what: string): MessageDecodeError {
  return new MessageDecodeError('frame-too-large', `${what} exceeds the decode limits`);
}

function size(argument: number): string {
  return Number.isSafeInteger(argument) ? String(argument) : 'over 2^53';
}

/** Big-endian header argument; values beyond 2^53 come out inexact but still beyond every limit. */
export function readArgument(byteAt: (index: number) => number, offset: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + byteAt(offset + i);
  return value;
}
