import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { GroupPushError } from '../errors/group-push-error.ts';
import {
  MAX_CHUNK_BYTES,
  MAX_MEDIA_TYPE_BYTES,
  MAX_NAME_BYTES,
  MIN_CHUNK_BYTES,
  type PushLimits,
} from './push-limits.ts';

/**
 * What is pushed, content-addressed: the SHA-256 of the whole and of every chunk. The transfer id is the SHA-256
 * of the encoded manifest, so the same content with the same name has the same id everywhere (which is what
 * lets a restarted receiver find its stored chunks).
 */
export interface PushManifest {
  /** `file` (a blob with a name) or `message` (UTF-8 text). */
  readonly kind: 'file' | 'message';
  /** File name as the sender gave it: display only; a receiver that saves it must sanitise it. */
  readonly name: string;
  readonly mediaType: string;
  readonly totalBytes: number;
  /** Bytes per chunk (256 KiB–1 MiB); the last chunk holds the rest. */
  readonly chunkSize: number;
  readonly chunkCount: number;
  /** SHA-256 of the whole content. */
  readonly sha256: Uint8Array;
  /** The chunks' SHA-256 hashes, 32 bytes each, in order. */
  readonly chunkHashes: Uint8Array;
}

const VERSION = 1;

export function encodeManifest(manifest: PushManifest): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, VERSION);
  encoding.writeVarUint(e, manifest.kind === 'message' ? 1 : 0);
  encoding.writeVarString(e, manifest.name);
  encoding.writeVarString(e, manifest.mediaType);
  encoding.writeVarUint(e, manifest.totalBytes);
  encoding.writeVarUint(e, manifest.chunkSize);
  encoding.writeVarUint(e, manifest.chunkCount);
  encoding.writeUint8Array(e, manifest.sha256);
  encoding.writeUint8Array(e, manifest.chunkHashes);
  return encoding.toUint8Array(e);
}

/**
 * Decodes and checks a manifest against the receiver's caps, each checked as soon as its field is read and
 * before anything is sized by it. Over a cap: `limit-exceeded`; inconsistent: `bad-manifest`.
 */
export function decodeManifest(bytes: Uint8Array, limits: PushLimits): PushManifest {
  if (bytes.length > limits.maxManifestBytes) throw over(`manifest of ${bytes.length} bytes`);
  const d = decoding.createDecoder(bytes);
  try {
    if (readUint(d) !== VERSION) throw bad('unknown manifest version');
    const kindCode = readUint(d);
    if (kindCode > 1) throw bad('unknown kind');
    const name = readString(d, MAX_NAME_BYTES);
    const mediaType = readString(d, MAX_MEDIA_TYPE_BYTES);
    const totalBytes = decoding.readVarUint(d);
    if (!(totalBytes <= limits.maxTotalBytes)) throw over(`${totalBytes} bytes`);
    const chunkSize = readUint(d);
    if (chunkSize < MIN_CHUNK_BYTES || chunkSize > MAX_CHUNK_BYTES) throw bad(`chunk size ${chunkSize}`);
    const chunkCount = decoding.readVarUint(d);
    if (!(chunkCount <= limits.maxChunks)) throw over(`${chunkCount} chunks`);
    if (chunkCount !== Math.ceil(totalBytes / chunkSize)) throw bad('chunk count does not match the size');
    if (bytes.length - d.pos !== 32 + 32 * chunkCount) throw bad('hash list length');
    const sha256 = decoding.readUint8Array(d, 32);
    const chunkHashes = decoding.readUint8Array(d, 32 * chunkCount);
    const kind = kindCode === 1 ? 'message' : 'file';
    return { kind, name, mediaType, totalBytes, chunkSize, chunkCount, sha256, chunkHashes };
  } catch (error) {
    if (error instanceof GroupPushError) throw error;
    throw bad((error as Error).message ?? 'undecodable');
  }
}

/** Byte length of chunk `index`. */
export function chunkLength(manifest: PushManifest, index: number): number {
  return Math.min(manifest.chunkSize, manifest.totalBytes - index * manifest.chunkSize);
}

/** Bytes in the chunks `held` marks (the last chunk may be short). */
export function heldBytes(
  manifest: PushManifest,
  held: { count: number; has(index: number): boolean },
): number {
  const last = manifest.chunkCount - 1;
  const short = last >= 0 && held.has(last) ? manifest.chunkSize - chunkLength(manifest, last) : 0;
  return held.count * manifest.chunkSize - short;
}

/** The expected SHA-256 of chunk `index` (a view into the manifest). */
export function chunkHash(manifest: PushManifest, index: number): Uint8Array {
  return manifest.chunkHashes.subarray(index * 32, index * 32 + 32);
}

function over(what: string): GroupPushError {
  return new GroupPushError('limit-exceeded', `offer over the receiver's caps: ${what}`);
}

function bad(what: string): GroupPushError {
  return new GroupPushError('bad-manifest', `bad manifest: ${what}`);
}

function readUint(d: decoding.Decoder): number {
  const value = decoding.readVarUint(d);
  if (!Number.isSafeInteger(value)) throw bad('integer out of range');
  return value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readString(d: decoding.Decoder, maxBytes: number): string {
  const length = readUint(d);
  if (length > maxBytes || length > d.arr.length - d.pos) throw bad('string length');
  return utf8.decode(decoding.readUint8Array(d, length));
}
