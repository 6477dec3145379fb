import { type BlobStore, isBlobHash } from './blob-store.ts';
import { BlobSyncError } from './blob-sync-error.ts';

/** Names per `POST /api/blobs/missing` (the server's `MAX_MISSING_QUERY` is 1000). */
const MISSING_BATCH = 500;

export interface BlobUploadOptions {
  readonly store: BlobStore;
  /** The server: its sync URL (`ws://`, `wss://`) or its HTTP base; blobs go to `<base>/api/blobs/<sha256>`. */
  readonly url: string;
  /** Bearer token (the tokens file of `offgrid serve`); a read-write token is needed to upload. */
  readonly token: string;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * Stores a blob downloaded from the server (checked against its name). Default: `store.put(bytes, hash)`;
   * `WorkspaceBlobs` passes its sync, so peers that want it get it.
   */
  readonly save?: (bytes: Uint8Array, hash: string) => Promise<unknown>;
  /** Longest wait between retries after a failure. Default 60 000. */
  readonly maxDelayMs?: number;
}

/**
 * The gateway's part for blobs: for each blob it is given ({@link add}), uploads it when this device holds it and
 * the server lacks it — asking first (`POST /api/blobs/missing` for up to 500 blobs at once, or `HEAD` per blob
 * when the server does not answer that), `PUT` only when missing, so a blob the server has (from any gateway) is never
 * sent again — and downloads it when only the server has it (what the server holds flows back). A blob neither
 * has stays pending until it arrives from a peer. A network failure or a 5xx answer is retried with backoff (1 s doubling to `maxDelayMs`, jittered)
 * and at once on {@link run} (the workspace calls it when its gateway connects). Events: `uploaded`
 * (`detail`: the hash), `error` (`detail`: a `BlobSyncError` `upload-refused` for a 4xx answer).
 */
export class BlobUploader extends EventTarget {
  readonly counts = { uploaded: 0, uploadedBytes: 0, alreadyThere: 0, downloaded: 0, downloadedBytes: 0 };
  readonly #store: BlobStore;
  readonly #save: (bytes: Uint8Array, hash: string) => Promise<unknown>;
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #maxDelayMs: number;
  readonly #pending = new Set<string>();
  readonly #done = new Set<string>();
  #running: Promise<void> | undefined;
  #again: 'full' | 'partial' | undefined;
  readonly #nowhere = new Set<string>();
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #headOnly = false;

  constructor(options: BlobUploadOptions) {
    super();
    this.#store = options.store;
    this.#save = options.save ?? ((bytes, hash) => options.store.put(bytes, hash));
    this.#base = httpBase(options.url);
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  /** Blobs the server should hold; those this device has are uploaded when the server lacks them. */
  add(hashes: Iterable<string>): void {
    for (const hash of hashes) {
      if (!isBlobHash(hash) || this.#done.has(hash)) continue;
      this.#pending.add(hash);
      this.#nowhere.delete(hash); // it may have arrived here since
    }
    void this.#start(false);
  }

  /** Blobs given but not known to be on the server yet (some may not be on this device either). */
  pending(): string[] {
    return [...this.#pending];
  }

  /**
   * Tries every pending blob now (cancelling a scheduled retry); the workspace calls it when its gateway
   * connects. Resolves when this round is over.
   */
  run(): Promise<void> {
    return this.#start(true);
  }

  /**
   * A round over the pending blobs. Blobs found neither here nor on the server are skipped by rounds that
   * {@link add} starts (one blob arriving must not re-ask the server about hundreds still on their way), and
   * asked again by full rounds and when they are added again.
   */
  #start(full: boolean): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (full) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#running) {
      this.#again = this.#again === 'full' || full ? 'full' : 'partial';
      return this.#running;
    }
    this.#running = this.#round(full).finally(() => {
      this.#running = undefined;
      const again = this.#again;
      this.#again = undefined;
      if (again !== undefined) void this.#start(again === 'full');
    });
    return this.#running;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  async #round(full: boolean): Promise<void> {
    try {
      const hashes = [...this.#pending].filter((hash) => full || !this.#nowhere.has(hash));
      for (let at = 0; at < hashes.length; at += MISSING_BATCH) {
        const batch = hashes.slice(at, at + MISSING_BATCH);
        const missing = await this.#missing(batch);
        for (const hash of batch) {
          if (this.#closed) return;
          await this.#exchange(hash, await this.#store.get(hash), missing && !missing.has(hash));
        }
      }
      this.#failures = 0;
    } catch {
      this.#failures++;
      const ceiling = Math.min(this.#maxDelayMs, 1000 * 2 ** this.#failures);
      // One retry pending at most: a round started by `add` fails too while one is scheduled, and a timer left
      // behind would retry on its own (many of them against an unreachable server) and outlive `close`.
      clearTimeout(this.#timer);
      if (!this.#closed)
        this.#timer = setTimeout(() => this.run(), ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }

  /**
   * Which of `hashes` the server lacks, in one request (`POST /api/blobs/missing`), or `undefined` when it does
   * not answer that (an older server, the page's agent, a refused token): then each blob is asked with `HEAD`.
   * Asked in one request because Node's `fetch` (undici) closes its connection after every `HEAD`: a `HEAD` per
   * blob opened a TCP connection per blob.
   */
  async #missing(hashes: readonly string[]): Promise<Set<string> | undefined> {
    if (this.#headOnly) return undefined;
    const response = await this.#fetch(`${this.#base}/api/blobs/missing`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.#token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(hashes),
    });
    // Read or cancel every body: undici returns a connection to its pool only once its body is done.
    if (response.status !== 200) {
      await response.body?.cancel();
      if (response.status >= 500 || response.status === 408 || response.status === 429)
        throw new Error(`server answered ${response.status}`);
      // 404 or 405: a server without it (the page's agent) will not have it later either; ask it no more.
      if (response.status === 404 || response.status === 405) this.#headOnly = true;
      return undefined;
    }
    const answer: unknown = await response.json().catch(() => undefined);
    const missing = (answer as { missing?: unknown } | undefined)?.missing;
    if (!Array.isArray(missing)) return undefined;
    return new Set(missing.filter((hash): hash is string => typeof hash === 'string'));
  }

  /**
   * Uploads `bytes` if the server lacks them; downloads them if only the server has them. `onServer`: known from
   * {@link #missing}, or `undefined` to ask with `HEAD`.
   */
  async #exchange(hash: string, bytes: Uint8Array | undefined, onServer: boolean | undefined): Promise<void> {
    const url = `${this.#base}/api/blobs/${hash}`;
    const headers = { Authorization: `Bearer ${this.#token}` };
    let status = onServer === undefined ? 0 : onServer ? 200 : 404;
    if (onServer === undefined) {
      const head = await this.#fetch(url, { method: 'HEAD', headers });
      await head.body?.cancel();
      status = head.status;
    }
    if (status === 200 && bytes !== undefined) return this.#finish(hash, () => this.counts.alreadyThere++);
    if (status === 200) return this.#download(url, headers, hash);
    if (status !== 404) return this.#refused(hash, status);
    if (bytes === undefined) return void this.#nowhere.add(hash); // neither here nor there yet
    const put = await this.#fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    await put.body?.cancel();
    if (put.status !== 200 && put.status !== 201) return this.#refused(hash, put.status);
    this.#finish(hash, () => {
      this.counts.uploaded++;
      this.counts.uploadedBytes += bytes.byteLength;
    });
  }

  async #download(url: string, headers: Record<string, string>, hash: string): Promise<void> {
    const response = await this.#fetch(url, { headers });
    if (response.status !== 200) {
      await response.body?.cancel();
      return this.#refused(hash, response.status);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    try {
      await this.#save(bytes, hash);
    } catch (cause) {
      this.#pending.delete(hash);
      const error = new BlobSyncError('bad-blob', `the server's blob ${hash} was refused`, { cause });
      return void this.dispatchEvent(new CustomEvent('error', { detail: error }));
    }
    this.#finish(hash, () => {
      this.counts.downloaded++;
      this.counts.downloadedBytes += bytes.byteLength;
    });
  }

  #finish(hash: string, count: () => void): void {
    count();
    this.#pending.delete(hash);
    this.#nowhere.delete(hash);
    this.#done.add(hash);
    this.dispatchEvent(new CustomEvent('uploaded', { detail: hash }));
  }

  #refused(hash: string, status: number): void {
    // 5xx, 408 and 429 pass: try again later. Other answers will not change by retrying.
    if (status >= 500 || status === 408 || status === 429) throw new Error(`server answered ${status}`);
    this.#pending.delete(hash);
    const error = new BlobSyncError('upload-refused', `the server refused blob ${hash}: ${status}`);
    this.dispatchEvent(new CustomEvent('error', { detail: error }));
  }
}

/** `ws://h:p/x` → `http://h:p/x` (and `wss` → `https`), without a trailing slash. */
export function httpBase(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  return parsed.toString().replace(/\/+$/, '');
}
