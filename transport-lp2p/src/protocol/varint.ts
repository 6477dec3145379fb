/**
 * QUIC variable-length integers (RFC 9000 §16): the top two bits of the first byte give the length
 * (1, 2, 4 or 8 bytes), the remaining bits the value, big-endian. OSP writes message type keys this way
 * (osp-network §messages).
 */

/** Largest value a QUIC varint can hold, 2^62 - 1 (RFC 9000 §16). */
export const MAX_VARINT = 2n ** 62n - 1n;

/** Number of bytes `writeVarint` uses for `value`. */
export function varintLength(value: number): 1 | 2 | 4 | 8 {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`varint value must be a non-negative safe integer, got ${value}`);
  }
  if (value < 0x40) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x4000_0000) return 4;
  return 8; // every safe integer (< 2^53) is below 2^62
}

/** Writes `value` at `offset` in its shortest form; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  const length = varintLength(value);
  if (offset + length > target.length) throw new RangeError('varint does not fit in the target');
  const prefix = Math.log2(length) << 6;
  if (length === 8) {
    const high = Math.floor(value / 2 ** 32);
    writeBigEndian(target, offset, 4, high | (prefix << 24));
    writeBigEndian(target, offset + 4, 4, value >>> 0);
  } else {
    writeBigEndian(target, offset, length, value | (prefix << ((length - 1) * 8)));
  }
  return offset + length;
}

/** Encodes `value` as a shortest-form varint. */
export function encodeVarint(value: number): Uint8Array {
  const out = new Uint8Array(varintLength(value));
  writeVarint(out, 0, value);
  return out;
}

/**
 * A varint as read. `value` is the number when it is at most 2^53 - 1; above that (no type key is that
 * large, and a JS number cannot hold it exactly) `value` is `Infinity` and `exact` holds it as a bigint, so an
 * error can still name it.
 */
export interface VarintRead {
  readonly value: number;
  readonly length: number;
  readonly exact?: bigint;
}

/**
 * Reads a varint through `byteAt`, which lets the stream reader read across chunk boundaries. Any of the four
 * lengths is accepted for any value: RFC 9000 §16 does not require the shortest.
 * Returns `undefined` when fewer than the encoded length of bytes are `available`.
 */
export function readVarintAt(
  byteAt: (index: number) => number,
  offset: number,
  available: number,
): VarintRead | undefined {
  if (offset >= available) return undefined;
  const first = byteAt(offset);
  const length = 1 << (first >> 6);
  if (offset + length > available) return undefined;
  let value = first & 0x3f;
  for (let i = 1; i < length; i++) value = value * 256 + byteAt(offset + i);
  if (Number.isSafeInteger(value)) return { value, length };
  let exact = BigInt(first & 0x3f);
  for (let i = 1; i < length; i++) exact = (exact << 8n) | BigInt(byteAt(offset + i));
  return { value: Number.POSITIVE_INFINITY, length, exact };
}

/** Reads a varint from the start of `bytes` (or at `offset`); `undefined` if `bytes` ends inside it. */
export function readVarint(bytes: Uint8Array, offset = 0): VarintRead | undefined {
  return readVarintAt((i) => bytes[i] as number, offset, bytes.length);
}

function writeBigEndian(target: Uint8Array, offset: number, length: number, value: number): void {
  for (let i = length - 1; i >= 0; i--) {
    target[offset + i] = value & 0xff;
    value >>>= 8;
  }
}
