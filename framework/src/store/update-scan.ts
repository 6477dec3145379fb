import * as decoding from 'lib0/decoding';

/**
 * Reads where a stored update's client blocks and deletions are, without decoding its structs into objects
 * (what makes `Y.mergeUpdates` and `Y.applyUpdate` slow on many small updates: ≈ 5 µs each).
 *
 * Yjs update format v1 (yjs `src/utils/encoding.js` `writeClientsStructs`, `DeleteSet.js` `writeDeleteSet`,
 * `UpdateDecoderV1`): a count of client blocks, each `structCount, client, firstClock` then its structs; then
 * the delete set: a count of clients, each `client, rangeCount` then `clock, length` pairs. Numbers are lib0
 * var-uints. Every struct is written with absolute ids, nothing carried from one struct to the next, so a client
 * block's bytes mean the same wherever they are copied as long as the block's first clock is kept.
 */
export interface ScanSink {
  /** A client block: `structs` structs covering `length` clocks from `first`, bytes `from`–`to` of `bytes`. */
  block(
    client: number,
    first: number,
    length: number,
    structs: number,
    bytes: Uint8Array,
    from: number,
    to: number,
    skip: boolean,
  ): void;
  /** A deleted range. */
  deleted(client: number, clock: number, length: number): void;
}

/** The bytes are not one v1 update. */
export class UpdateScanError extends Error {
  override name = 'UpdateScanError';
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // as lib0 decodes strings

/** A position in a buffer; lib0's decoder without its checks, which the end check of {@link scanUpdate} covers. */
export class UpdateReader {
  arr: Uint8Array;
  pos: number;

  constructor(arr: Uint8Array, pos = 0) {
    this.arr = arr;
    this.pos = pos;
  }

  varUint(): number {
    const arr = this.arr;
    let pos = this.pos;
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      if (pos >= arr.length) throw new UpdateScanError('unexpected end of update');
      byte = arr[pos++] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte >= 0x80);
    if (value > Number.MAX_SAFE_INTEGER) throw new UpdateScanError('number out of range');
    this.pos = pos;
    return value;
  }

  /** Skips a var-uint length and that many bytes (a string, a byte array). */
  skipBytes(): void {
    const size = this.varUint();
    this.skipTo(this.pos + size);
  }

  skipTo(pos: number): void {
    if (pos > this.arr.length) throw new UpdateScanError('unexpected end of update');
    this.pos = pos;
  }

  /** Skips a lib0 "any" value (read by lib0 itself: nested objects and arrays, numbers, strings…). */
  skipAny(): void {
    const decoder = decoding.createDecoder(this.arr);
    decoder.pos = this.pos;
    decoding.readAny(decoder);
    this.skipTo(decoder.pos);
  }
}

/** Reads one update, from `reader.pos` to exactly `end`, into `sink`. Throws {@link UpdateScanError} if it is not one. */
export function scanUpdate(reader: UpdateReader, end: number, sink: ScanSink): void {
  const blocks = reader.varUint();
  for (let k = 0; k < blocks; k++) {
    const structs = reader.varUint();
    const client = reader.varUint();
    const first = reader.varUint();
    const from = reader.pos;
    let length = 0;
    let skip = false;
    for (let s = 0; s < structs; s++) {
      const info = reader.arr[reader.pos++] as number;
      if (info === 10) skip = true;
      length += info === 10 || (info & 0x1f) === 0 ? reader.varUint() : scanItem(reader, info); // Skip, GC: a length
    }
    if (structs > 0) sink.block(client, first, length, structs, reader.arr, from, reader.pos, skip);
  }
  const clients = reader.varUint();
  for (let k = 0; k < clients; k++) {
    const client = reader.varUint();
    const ranges = reader.varUint();
    for (let r = 0; r < ranges; r++) {
      const clock = reader.varUint();
      const length = reader.varUint();
      if (length > 0) sink.deleted(client, clock, length);
    }
  }
  if (reader.pos !== end) throw new UpdateScanError(`update ends at ${reader.pos}, expected ${end}`);
}

/** Skips an `Item` after its info byte; returns its length in clocks. */
function scanItem(reader: UpdateReader, info: number): number {
  if ((info & 0x80) !== 0) skipId(reader); // origin
  if ((info & 0x40) !== 0) skipId(reader); // right origin
  if ((info & 0xc0) === 0) {
    // No origins: the parent is written (a root type's name, or the id of the item holding the type), and
    // its map key if any.
    if (reader.varUint() === 1) reader.skipBytes();
    else skipId(reader);
    if ((info & 0x20) !== 0) reader.skipBytes();
  }
  switch (info & 0x1f) {
    case 1: // deleted: a length
      return reader.varUint();
    case 2: // JSON: a count, then a string per value
    case 8: {
      // any: a count, then lib0 "any" values
      const count = reader.varUint();
      for (let i = 0; i < count; i++) (info & 0x1f) === 2 ? reader.skipBytes() : reader.skipAny();
      return count;
    }
    case 3: // binary
    case 5: // embed (a JSON string)
      reader.skipBytes();
      return 1;
    case 4: // a string: as long as its UTF-16 code units (yjs ContentString)
      return stringLength(reader);
    case 6: // format: key, JSON value
      reader.skipBytes();
      reader.skipBytes();
      return 1;
    case 7: {
      // a type: its ref (0–6); XML elements and hooks carry a name
      const ref = reader.varUint();
      if (ref > 6) throw new UpdateScanError(`unknown type ref ${ref}`);
      if (ref === 3 || ref === 5) reader.skipBytes();
      return 1;
    }
    case 9: // a subdocument: guid, options
      reader.skipBytes();
      reader.skipAny();
      return 1;
    default:
      throw new UpdateScanError(`unknown content ref ${info & 0x1f}`);
  }
}

/** Skips an id: client, clock. */
function skipId(reader: UpdateReader): void {
  reader.varUint();
  reader.varUint();
}

function stringLength(reader: UpdateReader): number {
  const size = reader.varUint();
  const start = reader.pos;
  reader.skipTo(start + size);
  const arr = reader.arr;
  for (let i = start; i < start + size; i++)
    if ((arr[i] as number) >= 0x80) return fatalUtf8.decode(arr.subarray(start, start + size)).length;
  return size;
}
