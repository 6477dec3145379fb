import {
  GroupPush,
  type PushOffer,
  type PushStore,
  type ReceivedPush,
  type SyncChannel,
  type WholeHash,
} from '@offgrid/sync';
import { type BlobStore, isBlobHash, MAX_BLOB_BYTES } from './blob-store.ts';
import { BlobSyncError } from './blob-sync-error.ts';
import { BLOB_GROUP, decodeWant, encodeWant, MAX_WANT_BYTES, MAX_WANTS, WANT_GROUP } from './blob-want.ts';

/** Blob pushes this device runs at once; more wait their turn (each holds its blob in memory). */
const PUSHES_AT_ONCE = 4;

/** Label of the data channel that carries blob sync (one per pair of peers, besides the documents'). */
export const BLOB_CHANNEL_LABEL = 'offgrid-blobs';

export interface BlobSyncOptions {
  /** This device's peer id, as its peers know it (its fingerprint). */
  readonly id: string;
  readonly store: BlobStore;
  /** Largest blob accepted from a peer. Default {@link MAX_BLOB_BYTES}. */
  readonly maxBytes?: number;
  /** Where chunks of blobs being received wait (default in memory: blobs are small). */
  readonly pushStore?: PushStore;
  readonly wholeHash?: () => WholeHash;
  /** How long a peer may be away before a push to it gives up. Default 30 000. */
  readonly peerTimeoutMs?: number;
  /** Ask peers again for blobs still missing this long after a receipt failed. Default 2 000. */
  readonly retryMs?: number;
  /**
   * While blobs are still wanted, ask every peer again this often. Default 10 000. Each ask names at most
   * {@link MAX_WANTS} blobs, the next ones each time, so a device missing thousands gets them all; and an ask that
   * was lost on the way is made good.
   */
  readonly wantEveryMs?: number;
}

/**
 * Blobs among nearby peers, on {@link GroupPush}. The app says which blobs its documents reference
 * ({@link reference}); this device asks its peers for those it lacks (a small "want" message, asked again every
 * `wantEveryMs` while any is missing), and a peer that
 * holds one pushes it (group `offgrid/blob`, named by its hash). An offer of a blob not wanted or already held is
 * declined before any chunk moves, so bytes cross the wire once per receiving device; two peers offering the same
 * blob join one receipt (same transfer id), each chunk fetched from one of them. Received bytes are checked
 * against their name by the store before they count. Events: `blob` (`detail`: the hash) when a blob arrives from
 * a peer; `error` (`detail`: a `BlobSyncError` or `GroupPushError`).
 */
export class BlobSync extends EventTarget {
  readonly store: BlobStore;
  readonly push: GroupPush;
  /** Blobs received from peers and blob pushes this device completed (per recipient), bytes uploaded. */
  readonly counts = { received: 0, receivedBytes: 0, pushed: 0, sentBytes: 0 };
  readonly #maxBytes: number;
  readonly #retryMs: number;
  readonly #wantEveryMs: number;
  readonly #wanted = new Set<string>();
  readonly #peers = new Map<string, SyncChannel>();
  readonly #peerWants = new Map<string, Set<string>>();
  readonly #queued = new Map<string, Set<string>>();
  readonly #running = new Set<string>();
  #nonce = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #again: ReturnType<typeof setTimeout> | undefined;
  /** Where the next want starts in the wanted list, when it is longer than one want holds. */
  #wantFrom = 0;
  #closed = false;

  constructor(options: BlobSyncOptions) {
    super();
    this.store = options.store;
    this.#maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
    this.#retryMs = options.retryMs ?? 2000;
    this.#wantEveryMs = options.wantEveryMs ?? 10_000;
    this.push = new GroupPush({
      id: options.id,
      ...(options.pushStore && { store: options.pushStore }),
      ...(options.wholeHash && { wholeHash: options.wholeHash }),
      ...(options.peerTimeoutMs !== undefined && { peerTimeoutMs: options.peerTimeoutMs }),
      limits: { maxTotalBytes: Math.max(this.#maxBytes, MAX_WANT_BYTES) },
      accept: (offer) => this.#accept(offer),
      onReceived: (received) => this.#guard(this.#received(received)),
      onReceiveFailed: (offer, error) => {
        if (offer.group === BLOB_GROUP) this.#scheduleRetry();
        if (error.code !== 'cancelled') this.#report(error);
      },
      onPeerError: (_peer, error) => this.#report(error),
    });
  }

  /** Blobs referenced here and not held (as far as this device knows). */
  wanted(): string[] {
    return [...this.#wanted];
  }

  /**
   * The app's documents reference these blobs: those not held are asked of every peer, now and whenever a peer
   * joins. Names that are not SHA-256 hex are ignored.
   */
  async reference(hashes: Iterable<string>): Promise<void> {
    const fresh = [...hashes].filter((hash) => isBlobHash(hash) && !this.#wanted.has(hash));
    if (fresh.length === 0 || this.#closed) return;
    const missing = (await this.store.missing(fresh)).filter((hash) => !this.#wanted.has(hash));
    if (missing.length === 0) return;
    for (const hash of missing) this.#wanted.add(hash);
    for (const peer of this.#peers.keys()) this.#sendWant(peer);
    this.#askAgainLater();
  }

  /**
   * Stores `bytes` (verified; against `expected` when given) and offers them to peers that asked for them;
   * resolves with the hash.
   */
  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    const hash = await this.store.put(bytes, expected);
    this.#acquired(hash);
    return hash;
  }

  /** Attaches `peer`'s blob channel (label {@link BLOB_CHANNEL_LABEL}); returns a function that detaches it. */
  addPeer(peer: string, channel: SyncChannel): () => void {
    const detach = this.push.addPeer(peer, channel);
    this.#peers.set(peer, channel);
    const gone = (): void => {
      channel.removeEventListener('close', gone);
      // A channel replaced by a newer one for the same peer closes late: the peer is still here.
      if (this.#peers.get(peer) !== channel) return;
      this.#peers.delete(peer);
      this.#peerWants.delete(peer);
    };
    channel.addEventListener('close', gone);
    if (this.#wanted.size > 0) this.#sendWant(peer);
    return () => {
      gone();
      detach();
    };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearTimeout(this.#again);
    this.push.close();
  }

  async #accept(offer: PushOffer): Promise<boolean> {
    if (offer.group === WANT_GROUP) return offer.kind === 'message' && offer.totalBytes <= MAX_WANT_BYTES;
    if (offer.group !== BLOB_GROUP || offer.kind !== 'file' || offer.totalBytes > this.#maxBytes)
      return false;
    if (!isBlobHash(offer.name) || offer.sha256 !== offer.name || !this.#wanted.has(offer.name)) return false;
    if (!(await this.store.has(offer.name))) return true;
    this.#wanted.delete(offer.name);
    return false;
  }

  async #received(received: ReceivedPush): Promise<void> {
    const { offer } = received;
    try {
      if (offer.group === WANT_GROUP) {
        const want = decodeWant(await received.text());
        this.#peerWants.set(offer.from, new Set(want));
        const missing = new Set(await this.store.missing(want));
        for (const hash of new Set(want)) if (!missing.has(hash)) this.#enqueue(hash, offer.from);
        return;
      }
      const bytes = await received.bytes();
      await this.store.put(bytes, offer.name).catch((cause: unknown) => {
        throw new BlobSyncError('store-failed', `blob ${offer.name} could not be stored`, { cause });
      });
      this.counts.received++;
      this.counts.receivedBytes += bytes.byteLength;
      this.#acquired(offer.name);
      this.dispatchEvent(new CustomEvent('blob', { detail: offer.name }));
    } finally {
      await received.discard();
    }
  }

  #acquired(hash: string): void {
    this.#wanted.delete(hash);
    for (const [peer, wants] of this.#peerWants) if (wants.has(hash)) this.#enqueue(hash, peer);
  }

  #enqueue(hash: string, peer: string): void {
    if (this.#closed || !this.#peers.has(peer)) return;
    const queued = this.#queued.get(hash) ?? new Set<string>();
    this.#queued.set(hash, queued);
    queued.add(peer);
    // A macrotask later: wants that arrive together go out as one push.
    if (!this.#running.has(hash)) setTimeout(() => this.#guard(this.#send(hash)), 0);
  }

  async #send(hash: string): Promise<void> {
    const to = [...(this.#queued.get(hash) ?? [])].filter((peer) => this.#peers.has(peer));
    if (to.length === 0) this.#queued.delete(hash);
    // At most a few blobs in flight: a new team member wanting 300 photos must not load them all at once.
    if (this.#running.has(hash) || to.length === 0 || this.#closed || this.#running.size >= PUSHES_AT_ONCE)
      return;
    this.#queued.delete(hash);
    this.#running.add(hash);
    try {
      const bytes = await this.store.get(hash);
      if (bytes === undefined) return;
      const result = await this.push.push(bytes, { to, group: BLOB_GROUP, name: hash });
      this.counts.sentBytes += result.sentBytes;
      for (const peer of result.peers) {
        if (peer.status === 'confirmed') this.counts.pushed++;
        if (peer.status === 'confirmed' || peer.status === 'declined')
          this.#peerWants.get(peer.peer)?.delete(hash);
      }
    } finally {
      this.#running.delete(hash);
      const next = this.#queued.has(hash)
        ? hash
        : [...this.#queued.keys()].find((queued) => !this.#running.has(queued));
      if (next !== undefined) this.#guard(this.#send(next));
    }
  }

  #sendWant(peer: string): void {
    const wanted = [...this.#wanted];
    const from = wanted.length > MAX_WANTS ? this.#wantFrom % wanted.length : 0;
    const want = [...wanted.slice(from), ...wanted.slice(0, from)].slice(0, MAX_WANTS);
    const text = encodeWant(want, `${this.push.id}:${++this.#nonce}:${Date.now()}`);
    this.#guard(this.push.push(text, { to: [peer], group: WANT_GROUP, name: 'want' }));
  }

  /** The periodic ask while something is wanted: the next {@link MAX_WANTS} names, to every peer. */
  #askAgainLater(): void {
    if (this.#again !== undefined || this.#closed || this.#wanted.size === 0) return;
    this.#again = setTimeout(() => {
      this.#again = undefined;
      if (this.#wanted.size === 0 || this.#closed) return;
      this.#wantFrom += MAX_WANTS;
      for (const peer of this.#peers.keys()) this.#sendWant(peer);
      this.#askAgainLater();
    }, this.#wantEveryMs);
  }

  #scheduleRetry(): void {
    if (this.#retry !== undefined || this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (this.#wanted.size > 0) for (const peer of this.#peers.keys()) this.#sendWant(peer);
    }, this.#retryMs);
  }

  #guard(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      if (!this.#closed) this.#report(error);
    });
  }

  #report(error: unknown): void {
    this.dispatchEvent(new CustomEvent('error', { detail: error }));
  }
}
