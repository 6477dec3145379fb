import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { InvalidPskError, PskEntropyRangeError } from '../errors/index.ts';

/** `psk-min-bits-of-entropy` range and default (osp-network §Authentication). */
export const MIN_PSK_ENTROPY_BITS = 20;
export const MAX_PSK_ENTROPY_BITS = 60;
export const DEFAULT_PSK_ENTROPY_BITS = 20;

/** Appendix B takes PSK values of up to 80 bits; anything longer is not a PSK this protocol produces. */
const MAX_PSK = (1n << 80n) - 1n;
const MAX_DECIMAL_DIGITS = MAX_PSK.toString().length;
const MAX_HEX_DIGITS = MAX_PSK.toString(16).length;

/**
 * A fresh PSK with at least `bits` bits of entropy, drawn uniformly from [0, 10^d) with the fewest decimal
 * digits d that hold `bits` bits: every digit the user types then carries full entropy (20 bits → 7
 * digits, 23.3 bits; 40 bits → 13 digits). Rejection sampling keeps the draw uniform.
 *
 * @example
 * const psk = generatePsk(Math.max(localMinBits, peerMinBits));
 * encodePskNumeric(psk); // e.g. '004-217-9386' … shown to the user
 */
export function generatePsk(bits: number = DEFAULT_PSK_ENTROPY_BITS): bigint {
  if (!Number.isInteger(bits) || bits < MIN_PSK_ENTROPY_BITS || bits > MAX_PSK_ENTROPY_BITS) {
    throw new PskEntropyRangeError(bits);
  }
  const digits = Math.ceil(bits * Math.log10(2));
  const limit = 10n ** BigInt(digits);
  const drawBits = limit.toString(2).length;
  const mask = (1n << BigInt(drawBits)) - 1n;
  for (;;) {
    const value = BigInt(`0x${bytesToHex(randomBytes(Math.ceil(drawBits / 8)))}`) & mask;
    if (value < limit) return value;
  }
}

/**
 * Base-10 numeric encoding (osp-network Appendix B): zero-padded on the left and grouped by three digits
 * up to 9 digits, by four beyond. The spec's literal padding of `3 − len mod 3` (or `4 − len mod 4`) digits
 * would prepend a whole group of zeros when the length is already a multiple; we pad to the next multiple
 * only, which the spec's own example (`61488548833` → `0614-8854-8833`) matches and every decoder reads
 * the same, since decoding drops leading zeros. Exactly 9 digits, which the spec leaves open, use threes.
 */
export function encodePskNumeric(psk: bigint): string {
  checkRange(psk);
  const digits = psk.toString();
  const group = digits.length <= 9 ? 3 : 4;
  const padded = digits.padStart(Math.ceil(digits.length / group) * group, '0');
  return padded.match(new RegExp(`\\d{${group}}`, 'g'))?.join('-') ?? padded;
}

/**
 * Decodes a numeric PSK (osp-network Appendix B): dashes and whitespace are ignored, then leading zeros,
 * so `0614-8854-8833`, `0614 8854 8833` and `61488548833` all give the same value.
 */
export function decodePskNumeric(text: string): bigint {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) throw new InvalidPskError('a numeric PSK has only digits, dashes and spaces');
  const significant = digits.replace(/^0+(?=\d)/, '');
  if (significant.length > MAX_DECIMAL_DIGITS)
    throw new InvalidPskError('numeric PSK is longer than 80 bits');
  return checkRange(BigInt(significant));
}

/**
 * Text for the PSK QR code (osp-network Appendix B): P as an ASCII hexadecimal string. Upper case makes
 * it QR alphanumeric-mode data, which is how the spec's example QR code encodes it (`E5100CBE1`).
 */
export function encodePskQrText(psk: bigint): string {
  return checkRange(psk).toString(16).toUpperCase();
}

/** Parses the text scanned from a PSK QR code as a hexadecimal number, either case, whitespace trimmed. */
export function decodePskQrText(text: string): bigint {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new InvalidPskError('PSK QR text must be hexadecimal');
  if (hex.replace(/^0+(?=.)/, '').length > MAX_HEX_DIGITS)
    throw new InvalidPskError('PSK is longer than 80 bits');
  return checkRange(BigInt(`0x${hex}`));
}

/**
 * The SPAKE2 password `pw` (osp-network §Authentication with SPAKE2: "pw is the PSK") as bytes: the ASCII
 * decimal digits of P without leading zeros. The spec does not fix a byte form; deriving it from the value
 * P, not from what was typed or scanned, makes the numeric and QR inputs give the same password.
 */
export function pskPassword(psk: bigint): Uint8Array {
  return new TextEncoder().encode(checkRange(psk).toString());
}

function checkRange(psk: bigint): bigint {
  if (psk < 0n || psk > MAX_PSK) throw new InvalidPskError('PSK must be a value from 0 to 2^80 − 1');
  return psk;
}
