import { type BlobStore, blobHash, checkSize, MAX_BLOB_BYTES } from '../blobs/blob-store.ts';
import { BlobUploader } from '../blobs/blob-upload.ts';
import type { BlobOutbox } from './blob-outbox.ts';

export interface AgentBlobsOptions {
  /** The page's own blob store (`IndexedDbBlobStore` in a browser). */
  readonly store: BlobStore;
  /** Where blobs not yet on the agent are remembered across reloads. */
  readonly outbox: BlobOutbox;
  /** The app on its own origin, `http://127.0.0.1:P/<appId>`: blobs are at `<base>/api/blobs/<sha256>`. */
  readonly base: string;
  /** The origin's capability token (the agent link's); `null` before consent. */
  readonly tokens: { get(): string | null };
  /** Default: the global `fetch`. Tests add what a browser would (an `Origin` header). */
  readonly fetch?: typeof fetch;
  /** Longest wait between upload retries while the agent is away. Default 10 000 (it is on this device). */
  readonly maxDelayMs?: number;
  /** Largest blob. Default {@link MAX_BLOB_BYTES}. */
  readonly maxBytes?: number;
}

/** The agent refused the token, or there is none yet: retried later, after consent. */
class NotAllowedYet extends Error {
  readonly code = 'not-allowed';
}

/**
 * A page's blobs (photos…), handed to its agent (docs/framework.md §Blobs in `offgrid up`): {@link put} stores
 * them in the page's own store — durable when it resolves, so the app may say "saved" — and uploads them to the
 * agent on the app's own origin (`PUT /<appId>/api/blobs/<sha256>`, `HEAD` first), now or as soon as the agent is
 * reachable and the origin has a token, retrying with backoff; the agent then shares them with nearby agents and
 * the server. {@link get} reads the page's store, else fetches the blob from the agent (from a nearby device or
 * the server, by way of the agent) and keeps it. Events: `uploaded` (`detail`: the hash) once the agent holds a
 * blob; `error` (`detail`: a `BlobSyncError`) when the agent refuses one for good. Portable.
 */
export class AgentBlobs extends EventTarget {
  readonly store: BlobStore;
  readonly uploader: BlobUploader;
  /** Resolves once the blobs left in the outbox by an earlier page are queued for upload again. */
  readonly ready: Promise<void>;
  readonly #outbox: BlobOutbox;
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #maxBytes: number;
  readonly #saving = new Set<string>();

  constructor(options: AgentBlobsOptions) {
    super();
    this.store = options.store;
    this.#outbox = options.outbox;
    this.#base = options.base.replace(/\/+$/, '');
    this.#maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
    const plain = options.fetch ?? ((input, init) => fetch(input, init));
    this.#fetch = async (input, init) => {
      const token = options.tokens.get();
      if (token === null) throw new NotAllowedYet('no token yet: the person has not allowed the app');
      const headers = { ...(init?.headers as Record<string, string>), Authorization: `Bearer ${token}` };
      const response = await plain(input, { ...init, headers, cache: 'no-store' });
      if (response.status !== 401 && response.status !== 403) return response;
      await response.body?.cancel();
      throw new NotAllowedYet(`the agent refused the token: ${response.status}`);
    };
    this.uploader = new BlobUploader({
      store: options.store,
      url: this.#base,
      token: '',
      fetch: this.#fetch,
      maxDelayMs: options.maxDelayMs ?? 10_000,
    });
    this.uploader.addEventListener('uploaded', (event) => {
      const hash = (event as CustomEvent<string>).detail;
      this.#outbox.delete(hash).catch(() => {}); // asked again (HEAD only) when the page reopens
      this.dispatchEvent(new CustomEvent('uploaded', { detail: hash }));
    });
    this.uploader.addEventListener('error', (event) => {
      this.dispatchEvent(new CustomEvent('error', { detail: (event as CustomEvent).detail }));
    });
    this.ready = this.#outbox.list().then(
      (hashes) => this.#resume(hashes),
      () => {},
    );
  }

  /**
   * Queues the blobs an earlier page left in the outbox. An entry whose bytes this store does not hold was written
   * by a `put` that never finished (the tab died between its two writes): that `put` never resolved, so no one was
   * told "saved", and nothing would ever bring the bytes; it is dropped rather than left pending forever.
   */
  async #resume(hashes: readonly string[]): Promise<void> {
    const queued: string[] = [];
    for (const hash of hashes) {
      if (this.#saving.has(hash) || (await this.store.has(hash).catch(() => true))) queued.push(hash);
      else await this.#outbox.delete(hash).catch(() => {});
    }
    this.uploader.add(queued);
  }

  /** Stores `bytes` durably in the page and queues them for the agent; resolves with their SHA-256 name. */
  async put(bytes: Uint8Array): Promise<string> {
    checkSize(bytes, this.#maxBytes);
    const hash = await blobHash(bytes);
    // Marked while saving: the outbox read at start must not take this page's own unfinished save for a dead one.
    this.#saving.add(hash);
    try {
      await this.#outbox.add(hash); // first: a blob stored here is always either on the agent or in the outbox
      await this.store.put(bytes, hash);
    } finally {
      this.#saving.delete(hash);
    }
    this.uploader.add([hash]);
    return hash;
  }

  /** The bytes named `hash`: from the page's store, else from the agent (then kept); `undefined` if neither has them. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    const held = await this.store.get(hash);
    if (held !== undefined) return held;
    let bytes: Uint8Array;
    try {
      const response = await this.#fetch(`${this.#base}/api/blobs/${hash}`, {});
      if (response.status !== 200) {
        await response.body?.cancel();
        return undefined;
      }
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      return undefined; // the agent is away or the app not allowed yet: ask again later
    }
    await this.store.put(bytes, hash); // checked against its name
    return bytes;
  }

  /** Blobs not known to be on the agent yet. */
  pending(): string[] {
    return this.uploader.pending();
  }

  /** Tries the pending uploads now (the agent came back). Resolves when this round is over. */
  run(): Promise<void> {
    return this.uploader.run();
  }

  async close(): Promise<void> {
    this.uploader.close();
    await this.store.close();
    await this.#outbox.close();
  }
}
