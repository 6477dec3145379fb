import assert from 'node:assert/strict';
import { encode } from 'cborg';
import { MessageDecodeError } from '../../errors/index.ts';
import { decodeMessage } from '../codec.ts';
import { encodeVarint } from '../varint.ts';

/** Test helpers for hand-made frames. */

export const fromHex = (hex: string): Uint8Array =>
  new Uint8Array(Buffer.from(hex.replaceAll(' ', ''), 'hex'));

/** A frame with any CBOR body, valid or not for `typeKey`. */
export const rawFrame = (typeKey: number, body: unknown): Uint8Array =>
  new Uint8Array([...encodeVarint(typeKey), ...encode(body)]);

/** Asserts `decodeMessage(bytes)` throws MessageDecodeError `code` with a message matching `message`. */
export function assertRejects(bytes: Uint8Array, code: string, message?: RegExp): void {
  assert.throws(
    () => decodeMessage(bytes),
    (error: unknown) =>
      error instanceof MessageDecodeError && error.code === code && (message?.test(error.message) ?? true),
  );
}
