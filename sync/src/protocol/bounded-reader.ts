import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import { maxVarUintBytes } from './limits.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A lib0-compatible reader (varUint, varUint8Array, varString) that checks every length against what is left and
 * against a caller's bound before it slices, and throws {@link SyncProtocolError} instead of lib0's plain errors.
 * Slices are views into the input, not copies.
 */
export class BoundedReader {
  #bytes: Uint8Array;
  #pos = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get remaining(): number {
    return this.#bytes.length - this.#pos;
  }

  readVarUint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < maxVarUintBytes; i++) {
      if (this.#pos >= this.#bytes.length)
        throw new SyncProtocolError('truncated', 'message ends inside a varint');
      const byte = this.#bytes[this.#pos++] as number;
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (!Number.isSafeInteger(value))
          throw new SyncProtocolError('varint-too-large', 'varint above 2^53');
        return value;
      }
      multiplier *= 128;
    }
    throw new SyncProtocolError('varint-too-large', `varint longer than ${maxVarUintBytes} bytes`);
  }

  /** A varUint-length-prefixed byte string of at most `max` bytes. */
  readVarBytes(max: number, what: string): Uint8Array {
    const length = this.readVarUint();
    if (length > max)
      throw new SyncProtocolError('message-too-large', `${what} of ${length} bytes (limit ${max})`);
    if (length > this.remaining) {
      throw new SyncProtocolError('truncated', `${what} of ${length} bytes, ${this.remaining} left`);
    }
    const start = this.#pos;
    this.#pos += length;
    return this.#bytes.subarray(start, this.#pos);
  }

  readVarString(
    max: number,
    what: string,
    code: 'name-too-long' | 'message-too-large' = 'message-too-large',
  ): string {
    const length = this.readVarUint();
    if (length > max) throw new SyncProtocolError(code, `${what} of ${length} bytes (limit ${max})`);
    if (length > this.remaining) {
      throw new SyncProtocolError('truncated', `${what} of ${length} bytes, ${this.remaining} left`);
    }
    const start = this.#pos;
    this.#pos += length;
    try {
      return utf8.decode(this.#bytes.subarray(start, this.#pos));
    } catch (cause) {
      throw new SyncProtocolError('invalid-utf8', `${what} is not UTF-8`, { cause });
    }
  }
}
