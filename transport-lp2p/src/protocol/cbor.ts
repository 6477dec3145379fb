import { type DecodeOptions, decode, encode, encodeInto, Token, Tokenizer, Type } from 'cborg';
import { encodedLength } from 'cborg/length';
import { MessageDecodeError } from '../errors/index.ts';
import { CborScanner, type ScanLimits } from './cbor-scanner.ts';
import { CborFloat } from './schema-codec.ts';

/*
 * The one place cborg is configured. Decoding accepts integers and lengths encoded in more bytes than needed
 * (RFC 8949 §4.1: preferred serialization binds encoders, not decoders; cbor-x writes a one-pair map as
 * `b9 00 01`), and is strict about everything else: no indefinite lengths (docs/protocol.md says why), no
 * undefined/NaN/Infinity, no tags, duplicate map keys rejected, maps as Maps (OSP keys are integers), and
 * floats boxed as `CborFloat` so a float never passes for an integer field. cborg's encoder always writes
 * preferred serialization, which is what we send.
 */
const decodeOptions: DecodeOptions = {
  strict: false,
  allowIndefinite: false,
  allowUndefined: false,
  allowNaN: false,
  allowInfinity: false,
  // Big integers decode as bigint so the schema can say which field overflowed.
  allowBigInt: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
  tags: [],
};

class FloatBoxingTokenizer extends Tokenizer {
  override next(): Token {
    const token = super.next();
    if (!Type.equals(token.type, Type.float)) return token;
    return new Token(Type.float, new CborFloat(token.value as number), token.encodedLength);
  }
}

/**
 * Checks the CBOR item filling `bytes[start..]` against the limits, then decodes it with cborg.
 * `limits.end` may lie beyond `bytes`: declared lengths past it are 'frame-too-large', those merely past the
 * bytes given are 'truncated'.
 * @throws MessageDecodeError ('invalid-message' for bytes after the item)
 */
export function decodeCborItem(bytes: Uint8Array, start: number, limits: ScanLimits): unknown {
  const checkText = (from: number, to: number): void => {
    if (to <= bytes.length && !isUtf8(bytes, from, to)) {
      throw new MessageDecodeError('malformed-cbor', `text string at ${from} is not valid UTF-8`);
    }
  };
  const scanner = new CborScanner(start, limits, checkText);
  const end = scanner.scan((i) => bytes[i] as number, bytes.length);
  if (end === undefined) throw new MessageDecodeError('truncated', 'the frame ends inside its CBOR body');
  if (end !== bytes.length) {
    throw new MessageDecodeError('invalid-message', `${bytes.length - end} bytes follow the CBOR body`);
  }
  const body = bytes.subarray(start);
  try {
    return decode(body, { ...decodeOptions, tokenizer: new FloatBoxingTokenizer(body, decodeOptions) });
  } catch (cause) {
    throw new MessageDecodeError('malformed-cbor', `CBOR rejected: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Encodes `value` after `prefixLength` reserved bytes. With `large`, sizes the buffer first so a big payload
 * is copied once, straight into place; otherwise one tokenising pass and a small copy are cheaper.
 */
export function encodeCborAfter(value: unknown, prefixLength: number, large: boolean): Uint8Array {
  if (large) {
    const out = new Uint8Array(prefixLength + encodedLength(value));
    encodeInto(value, out.subarray(prefixLength));
    return out;
  }
  const body = encode(value);
  const out = new Uint8Array(prefixLength + body.length);
  out.set(body, prefixLength);
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `bytes[from..to)` is well-formed UTF-8 (a fatal TextDecoder: portable, unlike `node:buffer`'s). */
function isUtf8(bytes: Uint8Array, from: number, to: number): boolean {
  try {
    strictUtf8.decode(bytes.subarray(from, to));
    return true;
  } catch {
    return false;
  }
}
