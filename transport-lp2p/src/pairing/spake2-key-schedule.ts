import { numberToBytesBE } from '@noble/curves/utils.js';
import { concatBytes } from '@noble/hashes/utils.js';
import type { Spake2Suite } from './spake2-group.ts';

/** Values the transcript binds (RFC 9382 §3.3); elements already encoded. */
export interface Spake2TranscriptParts {
  readonly identityA: Uint8Array;
  readonly identityB: Uint8Array;
  readonly pA: Uint8Array;
  readonly pB: Uint8Array;
  readonly K: Uint8Array;
  readonly w: bigint;
}

/** The SPAKE2 keys (RFC 9382 §4). Only `Ke` leaves the protocol as a shared secret. */
export interface Spake2KeySchedule {
  readonly Ke: Uint8Array;
  readonly Ka: Uint8Array;
  readonly KcA: Uint8Array;
  readonly KcB: Uint8Array;
  readonly cA: Uint8Array;
  readonly cB: Uint8Array;
}

const CONFIRMATION_KEYS = new TextEncoder().encode('ConfirmationKeys');

/** len(S): the length of S in bytes as an eight-byte little-endian number (RFC 9382 §3.1). */
function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + bytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
  out.set(bytes, 8);
  return out;
}

/**
 * TT = len(A) ‖ A ‖ len(B) ‖ B ‖ len(pA) ‖ pA ‖ len(pB) ‖ pB ‖ len(K) ‖ K ‖ len(w) ‖ w, with w big-endian
 * and padded to the length of p so its encoding does not leak its size (RFC 9382 §3.3).
 */
export function spake2Transcript(parts: Spake2TranscriptParts, scalarLength: number): Uint8Array {
  return concatBytes(
    lengthPrefixed(parts.identityA),
    lengthPrefixed(parts.identityB),
    lengthPrefixed(parts.pA),
    lengthPrefixed(parts.pB),
    lengthPrefixed(parts.K),
    lengthPrefixed(numberToBytesBE(parts.w, scalarLength)),
  );
}

/**
 * RFC 9382 §4: Ke ‖ Ka = Hash(TT); KcA ‖ KcB = KDF(Ka, nil, "ConfirmationKeys" ‖ AAD, L) with L the hash
 * length; cA = MAC(KcA, TT), cB = MAC(KcB, TT).
 */
export function spake2KeySchedule<E>(
  suite: Spake2Suite<E>,
  transcript: Uint8Array,
  aad: Uint8Array,
): Spake2KeySchedule {
  const digest = suite.hash(transcript);
  const half = digest.length / 2;
  const Ka = digest.slice(half);
  const confirmationKeys = suite.kdf(Ka, undefined, concatBytes(CONFIRMATION_KEYS, aad), digest.length);
  const KcA = confirmationKeys.slice(0, half);
  const KcB = confirmationKeys.slice(half);
  return {
    Ke: digest.slice(0, half),
    Ka,
    KcA,
    KcB,
    cA: suite.mac(KcA, transcript),
    cB: suite.mac(KcB, transcript),
  };
}
