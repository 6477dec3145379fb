import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import type { CHash } from '@noble/hashes/utils.js';

/**
 * A prime-order (sub)group as SPAKE2 needs it (RFC 9382 §3.1). `E` is the implementation's element type;
 * the protocol code never looks inside it.
 */
export interface Spake2Group<E> {
  readonly name: string;
  /** p, the order of the prime-order subgroup: scalars live in [0, p). */
  readonly order: bigint;
  /** h, the cofactor: the group has order p·h. */
  readonly cofactor: bigint;
  /** Length of p in bytes, the fixed width of w in the transcript (RFC 9382 §3.3). */
  readonly scalarLength: number;
  /** The fixed elements M and N of RFC 9382 §6 for this group. */
  readonly M: E;
  readonly N: E;
  /**
   * Decodes a peer's element, rejecting wrong lengths, non-canonical encodings, points off the curve and
   * small-order points (including the identity) with `Spake2InvalidPublicValueError`.
   */
  decode(bytes: Uint8Array): E;
  encode(element: E): Uint8Array;
  add(a: E, b: E): E;
  subtract(a: E, b: E): E;
  /** k·P for the group generator P, constant time; k in [1, p). */
  multiplyBase(k: bigint): E;
  /** k·e, constant time in k; k in [1, p). */
  multiply(element: E, k: bigint): E;
  /** h·e: lands in the prime-order subgroup, killing any small-order component. */
  clearCofactor(element: E): E;
  isIdentity(element: E): boolean;
}

/** A SPAKE2 ciphersuite (RFC 9382 §6): group, Hash, KDF and MAC. */
export interface Spake2Suite<E> {
  readonly group: Spake2Group<E>;
  /** Hash for Ke ‖ Ka = Hash(TT); its output length fixes |Ke| = |Ka| and |KcA| = |KcB|. */
  readonly hash: CHash;
  kdf(ikm: Uint8Array, salt: Uint8Array | undefined, info: Uint8Array, length: number): Uint8Array;
  mac(key: Uint8Array, message: Uint8Array): Uint8Array;
}

/** The RFC 9382 "G-Hash-HKDF-HMAC" suites: HKDF and HMAC over the same hash. */
export function hkdfHmacSuite<E>(group: Spake2Group<E>, hash: CHash): Spake2Suite<E> {
  return {
    group,
    hash,
    kdf: (ikm, salt, info, length) => hkdf(hash, ikm, salt, info, length),
    mac: (key, message) => hmac(hash, key, message),
  };
}
