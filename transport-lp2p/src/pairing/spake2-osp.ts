import { bytesToNumberBE } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { Spake2ParameterError } from '../errors/index.ts';
import { edwards25519Sha256 } from './spake2-edwards25519.ts';

/**
 * The SPAKE2 suite osp-network §Authentication with SPAKE2 names: edwards25519, SHA-256 (transcript hash),
 * HKDF-SHA256, HMAC. The prose does not say which hash the HMAC uses; the wire format does: the CDDL declares
 * `auth-spake2-confirmation` as `bytes .size 64`, which w3c/openscreenprotocol#294 sized for HMAC-SHA512.
 * We follow the wire format, so cA / cB are HMAC-SHA512 over the transcript (64 bytes) and every peer that
 * parses the CDDL accepts them. docs/protocol.md records this choice.
 */
export const ospSpake2Suite = {
  ...edwards25519Sha256,
  mac: (key: Uint8Array, message: Uint8Array) => hmac(sha512, key, message),
};

/** Length of `cA` / `cB` under the OSP suite: HMAC-SHA512, 64 bytes, as the CDDL's `bytes .size 64`. */
export const OSP_CONFIRMATION_BYTES = 64;

/**
 * The SPAKE2 identity of an agent (osp-network §Authentication with SPAKE2: "A and B … are the agent
 * fingerprints of the client and server"): the fingerprint string, 44 ASCII bytes.
 */
export function ospSpake2Identity(agentFingerprint: string): Uint8Array {
  return new TextEncoder().encode(agentFingerprint);
}

/**
 * w = SHA-512(pw) mod p (osp-network: "Password hash function is SHA-512"), the digest read big-endian.
 * 512 bits exceed the 253-bit p by far more than the 64 bits RFC 9382 §3.1 asks for to avoid bias.
 */
export function ospPasswordScalar(password: Uint8Array): bigint {
  if (password.length === 0) throw new Spake2ParameterError('password must not be empty');
  return bytesToNumberBE(sha512(password)) % ospSpake2Suite.group.order;
}
