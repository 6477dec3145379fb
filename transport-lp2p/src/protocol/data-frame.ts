import { MessageEncodeError } from '../errors/index.ts';
import { readArgument } from './cbor-scanner.ts';
import { DataEncoding, MessageType, type ValueOf } from './constants.ts';
import { unfilledBytes } from './unfilled-bytes.ts';

/** Header bytes before the payload: type key (1), map(2) (1), key 0 (1), encoding id (1), key 4 (1), bstr (≤ 9). */
const MAX_HEADER = 14;

/**
 * Encodes a data-frame (lp2p Appendix A, type key 24) byte for byte as `encodeMessage` does, but writes the
 * fixed header by hand and copies the payload once with `set`: the bulk path of data channels, where the CBOR
 * encoder's generic byte-string copy cost about as much as the rest of the send. The frame is built in
 * `allocate(length)`, which must return `length` writable bytes (a fresh, unfilled buffer by default).
 * @throws MessageEncodeError for an encoding id outside data-channel-encoding-id.
 * @example
 * stream.sendEncoded(encodeDataFrame(DataEncoding.String, new TextEncoder().encode('hi')));
 */
export function encodeDataFrame(
  encodingId: ValueOf<typeof DataEncoding>,
  payload: Uint8Array,
  allocate: (length: number) => Uint8Array = unfilledBytes,
): Uint8Array {
  if (!isDataEncoding(encodingId)) {
    throw new MessageEncodeError(
      `data-frame.encodingId must be a data-channel-encoding-id, got ${encodingId}`,
    );
  }
  const header = new Uint8Array(MAX_HEADER);
  // Type key 24 fits one varint byte; the CBOR map's keys and the encoding id are one-byte unsigned ints.
  header.set([MessageType.DataFrame, 0xa2, 0x00, encodingId, 0x04]);
  const headerLength = 5 + writeByteStringHead(header, 5, payload.byteLength);
  const frame = allocate(headerLength + payload.byteLength);
  frame.set(header.subarray(0, headerLength));
  frame.set(payload, headerLength);
  return frame;
}

/** CBOR major type 2 head in its shortest form (RFC 8949 §4.2.1); returns its length. */
function writeByteStringHead(target: Uint8Array, at: number, length: number): number {
  const view = new DataView(target.buffer, target.byteOffset);
  if (length < 24) {
    target[at] = 0x40 | length;
    return 1;
  }
  if (length < 0x100) {
    target[at] = 0x58;
    target[at + 1] = length;
    return 2;
  }
  if (length < 0x1_0000) {
    target[at] = 0x59;
    view.setUint16(at + 1, length);
    return 3;
  }
  if (length < 0x1_0000_0000) {
    target[at] = 0x5a;
    view.setUint32(at + 1, length);
    return 5;
  }
  target[at] = 0x5b;
  view.setBigUint64(at + 1, BigInt(length));
  return 9;
}

const ANY_BYTE = -1;
/** Type key 24, map(2), key 0, the encoding id (checked apart), key 4. */
const FIXED_HEAD: readonly number[] = [MessageType.DataFrame, 0xa2, 0x00, ANY_BYTE, 0x04];

/** The head of a data-frame in the layout `encodeDataFrame` writes: all that comes before the payload. */
export interface DataFrameHead {
  readonly encodingId: ValueOf<typeof DataEncoding>;
  /** Bytes of the head; the payload follows. */
  readonly payloadOffset: number;
  /** Bytes of the payload, which ends the frame. */
  readonly payloadLength: number;
}

/**
 * Reads the head of the frame that starts the `available` bytes, if it is a data-frame in `encodeDataFrame`'s
 * layout: type key 24 in one byte, a map of keys 0 then 4, a valid one-byte encoding id and a byte string
 * (its head in any definite length form), which then ends the frame. Such a frame needs no CBOR decoder: its payload can be
 * copied straight out of the received chunks. Anything else (keys reordered, long-form heads, other messages)
 * returns undefined and takes the general path; 'incomplete' means the head has not all arrived.
 * @example
 * const head = readDataFrameHead(queue.byteAt, queue.length);
 */
export function readDataFrameHead(
  byteAt: (index: number) => number,
  available: number,
): DataFrameHead | 'incomplete' | undefined {
  // Called for every chunk of a frame until its payload starts, so it allocates nothing it need not.
  for (let index = 0; index < FIXED_HEAD.length; index++) {
    if (index >= available) return 'incomplete';
    const byte = FIXED_HEAD[index];
    if (byte !== ANY_BYTE && byteAt(index) !== byte) return undefined;
  }
  const encodingId = byteAt(3);
  if (!isDataEncoding(encodingId)) return undefined;
  if (available < 6) return 'incomplete';
  const head = byteAt(5);
  if (head >> 5 !== 2) return undefined;
  const extra = byteStringHeadExtra(head & 0x1f);
  if (extra === undefined) return undefined;
  const payloadOffset = 6 + extra;
  if (available < payloadOffset) return 'incomplete';
  // A head longer than needed is valid CBOR (RFC 8949 §4.1 binds encoders only), so it is read like any other.
  const payloadLength = extra === 0 ? head & 0x1f : readArgument(byteAt, 6, extra);
  return { encodingId, payloadOffset, payloadLength };
}

/** Bytes after a CBOR head's first byte for its additional information (RFC 8949 §3), if definite. */
function byteStringHeadExtra(info: number): number | undefined {
  if (info < 24) return 0;
  if (info <= 27) return 1 << (info - 24);
  return undefined;
}

/** Whether `value` is a `data-channel-encoding-id` (lp2p Appendix A). */
function isDataEncoding(value: number): value is ValueOf<typeof DataEncoding> {
  return value === DataEncoding.Blob || value === DataEncoding.String || value === DataEncoding.ArrayBuffer;
}
