import { bytesToNumberBE, equalBytes } from '@noble/curves/utils.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { Spake2InvalidPublicValueError, Spake2ParameterError, Spake2StateError } from '../errors/index.ts';
import type { Spake2Group, Spake2Suite } from './spake2-group.ts';
import { spake2KeySchedule, spake2Transcript } from './spake2-key-schedule.ts';
import { ospPasswordScalar, ospSpake2Suite } from './spake2-osp.ts';

/** Result of a SPAKE2 exchange. The peer is authenticated only once `verifyPeerConfirmation` is true. */
export interface Spake2Keys {
  /** Ke, the shared secret (RFC 9382 §4). Use only after the peer's confirmation verified. */
  readonly sharedKey: Uint8Array;
  /** Our key confirmation, cA for role A or cB for role B: OSP's `confirmation-value` (see OSP_CONFIRMATION_BYTES). */
  readonly confirmation: Uint8Array;
  /** Checks the peer's cB (or cA) in constant time. */
  verifyPeerConfirmation(mac: Uint8Array): boolean;
}

export type Spake2Role = 'A' | 'B';

export interface Spake2Options {
  /** w, the password-derived scalar shared by both sides, in [1, p). */
  readonly w: bigint;
  readonly identityA: Uint8Array;
  readonly identityB: Uint8Array;
  /** Additional authenticated data bound into the confirmation keys (RFC 9382 §3.1), at most 8176 bytes. */
  readonly aad?: Uint8Array;
  /** Our ephemeral scalar x (or y). For test vectors only: by default a fresh uniform one is drawn. */
  readonly scalar?: bigint;
}

/** 2^16 − 128 bits (RFC 9382 §3.1). */
const MAX_AAD_BYTES = (2 ** 16 - 128) / 8;

/**
 * One side of a SPAKE2 exchange (RFC 9382). Send `publicValue` (pA or pB), pass the peer's to `finish`,
 * exchange confirmations, and trust `sharedKey` only after `verifyPeerConfirmation` returns true.
 * An instance is single-use: its ephemeral scalar must never serve twice (RFC 9382 §7).
 *
 * @example
 * const a = Spake2.forOsp('A', { password, identityA: clientFp, identityB: serverFp });
 * const b = Spake2.forOsp('B', { password, identityA: clientFp, identityB: serverFp });
 * const ka = a.finish(b.publicValue);
 * const kb = b.finish(a.publicValue);
 * kb.verifyPeerConfirmation(ka.confirmation); // true
 */
export class Spake2 {
  readonly role: Spake2Role;
  /** pA for role A, pB for role B: OSP's `public-value`. */
  readonly publicValue: Uint8Array;
  #finish: ((peerPublicValue: Uint8Array) => Spake2Keys) | undefined;

  private constructor(role: Spake2Role, publicValue: Uint8Array, finish: (peer: Uint8Array) => Spake2Keys) {
    this.role = role;
    this.publicValue = publicValue;
    this.#finish = finish;
  }

  /**
   * OSP's SPAKE2 (osp-network §Authentication with SPAKE2): edwards25519, SHA-256, HKDF-SHA256,
   * HMAC-SHA256, w = SHA-512(pw) mod p. `identityA` / `identityB` are the client's and the server's
   * fingerprints (`ospSpake2Identity`), whichever side initiates; `password` is `pskPassword(psk)`.
   */
  static forOsp(
    role: Spake2Role,
    options: { password: Uint8Array; identityA: Uint8Array; identityB: Uint8Array; aad?: Uint8Array },
  ): Spake2 {
    return Spake2.create(role, ospSpake2Suite, { ...options, w: ospPasswordScalar(options.password) });
  }

  /** SPAKE2 over any suite, with w already derived. */
  static create<E>(role: Spake2Role, suite: Spake2Suite<E>, options: Spake2Options): Spake2 {
    const { group } = suite;
    const aad = options.aad ?? new Uint8Array(0);
    if (aad.length > MAX_AAD_BYTES) throw new Spake2ParameterError(`AAD exceeds ${MAX_AAD_BYTES} bytes`);
    checkScalar(group, options.w, 'w');
    const scalar = options.scalar ?? randomScalar(group);
    checkScalar(group, scalar, 'ephemeral scalar');
    const [mine, theirs] = role === 'A' ? [group.M, group.N] : [group.N, group.M];
    // pA = w·M + x·P (role A); pB = w·N + y·P (role B).
    const publicValue = group.encode(group.add(group.multiply(mine, options.w), group.multiplyBase(scalar)));

    return new Spake2(role, publicValue, (peerPublicValue) => {
      const peer = group.decode(peerPublicValue);
      if (!equalBytes(group.encode(peer), peerPublicValue)) {
        throw new Spake2InvalidPublicValueError('non-canonical element encoding');
      }
      // K = h·x·(pB − w·N) for A, h·y·(pA − w·M) for B.
      const K = group.clearCofactor(
        group.multiply(group.subtract(peer, group.multiply(theirs, options.w)), scalar),
      );
      if (group.isIdentity(K)) throw new Spake2InvalidPublicValueError('shared element is the identity');
      const [pA, pB] = role === 'A' ? [publicValue, peerPublicValue] : [peerPublicValue, publicValue];
      const transcript = spake2Transcript(
        {
          identityA: options.identityA,
          identityB: options.identityB,
          pA,
          pB,
          K: group.encode(K),
          w: options.w,
        },
        group.scalarLength,
      );
      const keys = spake2KeySchedule(suite, transcript, aad);
      const [confirmation, expected] = role === 'A' ? [keys.cA, keys.cB] : [keys.cB, keys.cA];
      return {
        sharedKey: keys.Ke,
        confirmation,
        verifyPeerConfirmation: (mac) => equalBytes(mac, expected),
      };
    });
  }

  /** Completes the exchange with the peer's public value; throws `Spake2InvalidPublicValueError` on bad input. */
  finish(peerPublicValue: Uint8Array): Spake2Keys {
    const finish = this.#finish;
    if (finish === undefined)
      throw new Spake2StateError('finish() was already called on this SPAKE2 instance');
    this.#finish = undefined;
    return finish(peerPublicValue);
  }
}

function checkScalar<E>(group: Spake2Group<E>, k: bigint, what: string): void {
  if (k <= 0n || k >= group.order) throw new Spake2ParameterError(`${what} must be in [1, p)`);
}

/** Uniform in [1, p) by rejection sampling, as RFC 9382 §7 recommends. */
function randomScalar<E>(group: Spake2Group<E>): bigint {
  const bits = group.order.toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const k = bytesToNumberBE(randomBytes(group.scalarLength)) & mask;
    if (k > 0n && k < group.order) return k;
  }
}
