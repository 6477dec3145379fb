import { sha256 } from '@noble/hashes/sha2.js';

const subtle: typeof globalThis.crypto.subtle | undefined = globalThis.crypto?.subtle;

/**
 * SHA-256 of one chunk: WebCrypto where it exists (about ten times faster than JavaScript), else
 * `@noble/hashes` (browsers expose `crypto.subtle` only in secure contexts, and a page served by the local agent
 * over plain HTTP is not one). The whole-content hash needs an incremental hash, which WebCrypto lacks: that
 * one is always `@noble/hashes`.
 */
export async function chunkDigest(bytes: Uint8Array): Promise<Uint8Array> {
  if (subtle) {
    try {
      return new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    } catch {
      // Fall through to the JavaScript hash (a SubtleCrypto that refuses, e.g. a shared buffer).
    }
  }
  return sha256(bytes);
}
