import { GroupPushError } from '../errors/group-push-error.ts';
import type { ChunkDigest, WholeHash } from './chunk-hash.ts';
import { chooseChunkSize } from './push-limits.ts';
import type { PushManifest } from './push-manifest.ts';

/** What can be pushed: text (a message), bytes, or a `Blob` (a `File`, or Node's `fs.openAsBlob`). */
export type PushContent = string | Uint8Array | Blob;

/** Random access to the content being pushed. */
export interface PushSource {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

/** Wraps content so that chunks can be read on demand (a Blob is never read whole into memory). */
export function toPushSource(content: PushContent): PushSource {
  if (typeof content === 'string') content = new TextEncoder().encode(content);
  if (content instanceof Uint8Array) {
    const bytes = content;
    return { size: bytes.length, read: async (start, end) => bytes.subarray(start, end) };
  }
  if (typeof Blob !== 'undefined' && content instanceof Blob) {
    const blob = content;
    return {
      size: blob.size,
      read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
    };
  }
  throw new GroupPushError('invalid-argument', 'push content must be a string, a Uint8Array or a Blob');
}

/** Reads the source once, chunk by chunk, hashing each chunk and the whole. */
export async function createManifest(
  source: PushSource,
  info: { kind: 'file' | 'message'; name: string; mediaType: string },
  hashes: { readonly wholeHash: () => WholeHash; readonly digest: ChunkDigest },
  signal?: AbortSignal,
): Promise<PushManifest> {
  const totalBytes = source.size;
  const chunkSize = chooseChunkSize(totalBytes);
  const chunkCount = Math.ceil(totalBytes / chunkSize);
  const chunkHashes = new Uint8Array(32 * chunkCount);
  const whole = hashes.wholeHash();
  // The next chunk is read while this one is hashed (a Blob's read is I/O). A read left behind by an abort
  // must not reject unhandled.
  const read = (index: number): Promise<Uint8Array> => {
    const start = index * chunkSize;
    const reading = source.read(start, Math.min(start + chunkSize, totalBytes));
    reading.catch(() => {});
    return reading;
  };
  let next = chunkCount > 0 ? read(0) : undefined;
  for (let index = 0; index < chunkCount; index++) {
    signal?.throwIfAborted();
    const chunk = await (next as Promise<Uint8Array>);
    if (index + 1 < chunkCount) next = read(index + 1);
    const digest = hashes.digest(chunk);
    whole.update(chunk);
    chunkHashes.set(await digest, index * 32);
  }
  return { ...info, totalBytes, chunkSize, chunkCount, sha256: whole.digest(), chunkHashes };
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
