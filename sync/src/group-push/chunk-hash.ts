import { sha256 } from '@noble/hashes/sha2.js';

const subtle: typeof globalThis.crypto.subtle | undefined = globalThis.crypto?.subtle;

/** An incremental SHA-256, for the whole content. */
export interface WholeHash {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** The portable whole-content hash (`@noble/hashes`); Node passes a faster one (`@offgrid/sync/node`). */
export const portableWholeHash = (): WholeHash => sha256.create();

/** SHA-256 of one chunk. */
export type ChunkDigest = (bytes: Uint8Array) => Promise<Uint8Array>;

/**
 * The chunk digest for a `GroupPush`: with a `wholeHash` given (Node's `nodeWholeHash`), that hash, run
 * synchronously: Node's WebCrypto copies every input into a worker job first, which cost more than the hash
 * itself here (64 MiB in 256 KiB chunks: 1.2 s of copies and garbage against 40 ms of node:crypto). Without
 * one, {@link chunkDigest}.
 */
export function chunkDigestFor(wholeHash: (() => WholeHash) | undefined): ChunkDigest {
  if (!wholeHash) return chunkDigest;
  return async (bytes) => {
    const hash = wholeHash();
    hash.update(bytes);
    return hash.digest();
  };
}

/**
 * SHA-256 of one chunk: WebCrypto where it exists (about ten times faster than JavaScript), else
 * `@noble/hashes` (browsers expose `crypto.subtle` only in secure contexts, and a page served by the local agent
 * over plain HTTP is not one). The whole-content hash needs an incremental hash, which WebCrypto lacks: see
 * {@link WholeHash}.
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
