import {
  BlobError,
  type BlobStore,
  type BlobStoreOptions,
  checkHash,
  MAX_BLOB_BYTES,
  verifiedHash,
} from './blob-store.ts';

/** A {@link BlobStore} in memory: tests and throwaway workspaces. */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Uint8Array>();
  readonly #maxBytes: number;
  #closed = false;

  constructor(options: BlobStoreOptions = {}) {
    this.#maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
  }

  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    this.#checkOpen();
    const hash = await verifiedHash(bytes, expected, this.#maxBytes);
    this.#checkOpen();
    if (!this.#blobs.has(hash)) this.#blobs.set(hash, bytes.slice());
    return hash;
  }

  async get(hash: string): Promise<Uint8Array | undefined> {
    this.#checkOpen();
    checkHash(hash);
    return this.#blobs.get(hash)?.slice();
  }

  async has(hash: string): Promise<boolean> {
    this.#checkOpen();
    checkHash(hash);
    return this.#blobs.has(hash);
  }

  async missing(hashes: Iterable<string>): Promise<string[]> {
    this.#checkOpen();
    const out = new Set<string>();
    for (const hash of hashes) {
      checkHash(hash);
      if (!this.#blobs.has(hash)) out.add(hash);
    }
    return [...out];
  }

  async list(): Promise<string[]> {
    this.#checkOpen();
    return [...this.#blobs.keys()];
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #checkOpen(): void {
    if (this.#closed) throw new BlobError('closed', 'the blob store is closed');
  }
}
