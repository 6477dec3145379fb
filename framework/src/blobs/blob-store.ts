/**
 * Content-addressed blobs (photos, attachments): bytes named by their SHA-256, stored beside an app's documents.
 * A name says what the bytes are, so a blob never changes, is fetched once and can be checked by anyone.
 * Implementations: `MemoryBlobStore`, `IndexedDbBlobStore` (browser), `SqliteBlobStore` (Node). Every promise
 * that stores resolves only once the bytes are durable.
 */
export interface BlobStore {
  /**
   * Stores `bytes` and resolves with their SHA-256 (64 lowercase hex digits) once they are on disk. When
   * `expected` is given the bytes must hash to it (`hash-mismatch` otherwise, nothing stored). Storing bytes
   * already held is a no-op.
   */
  put(bytes: Uint8Array, expected?: string): Promise<string>;
  /** The bytes named `hash`, or `undefined` when this store does not hold them. */
  get(hash: string): Promise<Uint8Array | undefined>;
  has(hash: string): Promise<boolean>;
  /** Those of `hashes` this store does not hold, in the order given, each once. */
  missing(hashes: Iterable<string>): Promise<string[]>;
  /** Every hash held (for inventories; a store of photos holds thousands, not millions). */
  list(): Promise<string[]>;
  close(): Promise<void>;
}

/** Largest blob a store accepts by default: 10 MiB, a photo from any phone camera. */
export const MAX_BLOB_BYTES = 10 * 1024 * 1024;

export type BlobErrorCode = 'closed' | 'invalid-hash' | 'hash-mismatch' | 'too-large' | 'io';

/**
 * A blob operation failed: `closed` (used after `close()`), `invalid-hash` (not 64 lowercase hex digits),
 * `hash-mismatch` (the bytes are not what their name says), `too-large` (over the store's limit), `io` (the
 * storage refused).
 */
export class BlobError extends Error {
  readonly code: BlobErrorCode;

  constructor(code: BlobErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BlobError';
    this.code = code;
  }
}

const HASH = /^[0-9a-f]{64}$/;

/** Whether `hash` is a blob name: a SHA-256 as 64 lowercase hex digits. */
export function isBlobHash(hash: unknown): hash is string {
  return typeof hash === 'string' && HASH.test(hash);
}

export function checkHash(hash: string): void {
  if (!isBlobHash(hash))
    throw new BlobError('invalid-hash', 'a blob name is a SHA-256: 64 lowercase hex digits');
}

export function checkSize(bytes: Uint8Array, maxBytes: number): void {
  if (!(bytes instanceof Uint8Array)) throw new BlobError('invalid-hash', 'a blob is a Uint8Array');
  if (bytes.byteLength > maxBytes)
    throw new BlobError('too-large', `blob of ${bytes.byteLength} bytes is over the limit of ${maxBytes}`);
}

/** SHA-256 of `bytes` as 64 lowercase hex digits (WebCrypto: Node and secure browser contexts). */
export async function blobHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The checks every `put` makes before storing: size first (nothing hashed over the limit), then the hash, and
 * the expected name when one is given. Resolves with the hash.
 */
export async function verifiedHash(
  bytes: Uint8Array,
  expected: string | undefined,
  maxBytes: number,
): Promise<string> {
  if (expected !== undefined) checkHash(expected);
  checkSize(bytes, maxBytes);
  const hash = await blobHash(bytes);
  if (expected !== undefined && hash !== expected)
    throw new BlobError('hash-mismatch', `the bytes hash to ${hash}, not ${expected}`);
  return hash;
}

/** Options every blob store takes. */
export interface BlobStoreOptions {
  /** Largest blob accepted, in bytes. Default {@link MAX_BLOB_BYTES}. */
  readonly maxBytes?: number;
}
