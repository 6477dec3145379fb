import { GroupPushError } from '../errors/group-push-error.ts';
import type { ChunkBits } from './chunk-bits.ts';
import { encodeFrame } from './push-frames.ts';
import type { PushHost } from './push-host.ts';
import { chunkHash, chunkLength, type PushManifest } from './push-manifest.ts';
import { bytesEqual } from './push-source.ts';

/** Chunks requested at once, in all, and from any one peer. */
const MAX_IN_FLIGHT = 16;
const MAX_PER_PEER = 8;
/** A request with no piece for this long is given up (that peer is not asked for that chunk again). */
const REQUEST_TIMEOUT_MS = 15_000;
/** After the sender says NO-CHUNK, wait this long before asking it again. */
const ORIGIN_RETRY_MS = 1000;
const TICK_MS = 500;

interface InFlight {
  readonly from: string;
  buffer?: Uint8Array;
  received: number;
  lastActivity: number;
}

export interface FetcherInit {
  readonly id: Uint8Array;
  readonly manifest: PushManifest;
  readonly origin: string;
  readonly held: ChunkBits;
  /** First chunk to ask the sender for: receivers start at different places so the sender spreads distinct chunks. */
  readonly start: number;
  /** A chunk passed verification; resolves once it is stored. */
  verified(index: number, bytes: Uint8Array): Promise<void>;
  failed(error: GroupPushError): void;
}

/**
 * Decides which chunk to ask whom for, and checks what comes back. Members that hold a chunk come first (so
 * the sender's upload is spent once); the sender gets the rest, unless it redirected that chunk to a member it
 * already served. Every chunk is verified against the manifest; a peer with `maxBadChunks` bad ones is dropped.
 */
export class ChunkFetcher {
  fetchedBytes = 0;
  readonly #host: PushHost;
  readonly #init: FetcherInit;
  readonly #origins: Set<string>;
  readonly #originRetryAt = new Map<string, number>();
  readonly #holders = new Map<string, ChunkBits>();
  readonly #inFlight = new Map<number, InFlight>();
  readonly #perPeer = new Map<string, number>();
  readonly #storing = new Set<number>();
  readonly #awaiting = new Map<number, { holder: string; until: number }>();
  readonly #direct = new Set<number>();
  readonly #bad = new Map<number, Set<string>>();
  readonly #strikes = new Map<string, number>();
  readonly #dropped = new Set<string>();
  /** Members that went away or stopped serving (CANCEL, closed link) and have not said what they hold since. */
  readonly #gone = new Set<string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;
  /** When the last chunk arrived (or the fetcher started): with none for `peerTimeoutMs`, the receipt gives up. */
  #lastChunkAt: number;

  constructor(host: PushHost, init: FetcherInit) {
    this.#host = host;
    this.#init = init;
    this.#origins = new Set([init.origin]);
    this.#lastChunkAt = host.now();
  }

  addOrigin(peer: string): void {
    this.#origins.add(peer);
  }

  originBack(peer: string): void {
    this.#originRetryAt.delete(peer);
  }

  isDropped(peer: string): boolean {
    return this.#dropped.has(peer);
  }

  holderHas(peer: string, bits: ChunkBits): void {
    this.#gone.delete(peer);
    if (!this.#dropped.has(peer)) this.#holders.set(peer, bits);
  }

  holderHasOne(peer: string, index: number): void {
    if (this.#dropped.has(peer)) return;
    this.#holders.get(peer)?.set(index);
  }

  /** The peer's link closed or restarted: nothing more is expected from it until it says what it holds. */
  forgetHolder(peer: string): void {
    this.#gone.add(peer);
    this.#holders.delete(peer);
    for (const [index, f] of this.#inFlight) if (f.from === peer) this.#release(index);
    for (const [index, wait] of this.#awaiting) {
      if (wait.holder === peer) {
        this.#awaiting.delete(index);
        this.#direct.add(index);
      }
    }
  }

  redirect(index: number, holder: string): void {
    const f = this.#inFlight.get(index);
    if (!f || !this.#origins.has(f.from)) return;
    this.#release(index);
    // A redirect that crossed the holder's CANCEL: it will not deliver, so ask the sender to serve it.
    if (this.#usable(holder) && !this.#gone.has(holder))
      this.#awaiting.set(index, { holder, until: this.#host.now() + this.#host.redirectWaitMs });
    else this.#direct.add(index);
    this.pump();
  }

  noChunk(peer: string, index: number): void {
    if (this.#inFlight.get(index)?.from !== peer) return;
    this.#release(index);
    if (this.#origins.has(peer)) this.#originRetryAt.set(peer, this.#host.now() + ORIGIN_RETRY_MS);
    else this.#holders.get(peer)?.clear(index);
    this.pump();
  }

  piece(peer: string, index: number, offset: number, bytes: Uint8Array): void {
    const f = this.#inFlight.get(index);
    if (!f || f.from !== peer) return; // not asked of this peer (a late piece after a cancel): ignored
    const length = chunkLength(this.#init.manifest, index);
    if (offset !== f.received || offset + bytes.length > length) {
      this.#badChunk(peer, index);
      return;
    }
    f.buffer ??= new Uint8Array(length);
    f.buffer.set(bytes, offset);
    f.received += bytes.length;
    f.lastActivity = this.#host.now();
    if (f.received < length) return;
    const chunk = f.buffer;
    this.#release(index);
    this.#storing.add(index);
    void this.#check(peer, index, chunk);
    this.pump();
  }

  /** Verifies a whole chunk against the manifest, then hands it on to be stored (it stays `storing` till then). */
  async #check(peer: string, index: number, chunk: Uint8Array): Promise<void> {
    const good = bytesEqual(await this.#host.digest(chunk), chunkHash(this.#init.manifest, index));
    if (this.#stopped) return;
    if (!good) {
      this.#storing.delete(index);
      this.#badChunk(peer, index);
      return;
    }
    this.fetchedBytes += chunk.length;
    this.#lastChunkAt = this.#host.now();
    this.#awaiting.delete(index);
    try {
      await this.#init.verified(index, chunk);
    } finally {
      this.#storing.delete(index);
      this.pump();
    }
  }

  /** Asks for as many missing chunks as the in-flight limits allow: members' chunks first, then the sender. */
  pump(): void {
    if (this.#stopped) return;
    this.#timer ??= setInterval(() => this.#tick(), TICK_MS);
    const n = this.#init.manifest.chunkCount;
    let budget = MAX_IN_FLIGHT - this.#inFlight.size;
    for (let k = 0; k < n && budget > 0; k++) {
      const index = (this.#init.start + k) % n;
      if (!this.#wanted(index)) continue;
      const holder = this.#holderFor(index);
      if (holder === undefined) continue;
      this.#ask(holder, index, false);
      budget--;
    }
    const now = this.#host.now();
    for (let k = 0; k < n && budget > 0; k++) {
      const index = (this.#init.start + k) % n;
      if (!this.#wanted(index)) continue;
      const wait = this.#awaiting.get(index);
      if (wait && now < wait.until && this.#usable(wait.holder)) continue;
      if (wait) {
        this.#awaiting.delete(index);
        this.#direct.add(index);
      }
      const origin = this.#originFor(now);
      if (origin === undefined) return;
      this.#ask(origin, index, this.#direct.has(index) || this.#bad.has(index));
      budget--;
    }
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#inFlight.clear();
    this.#perPeer.clear();
  }

  #wanted(index: number): boolean {
    return !this.#init.held.has(index) && !this.#inFlight.has(index) && !this.#storing.has(index);
  }

  #usable(peer: string): boolean {
    return !this.#dropped.has(peer) && this.#host.link(peer) !== undefined;
  }

  #holderFor(index: number): string | undefined {
    let best: string | undefined;
    let bestLoad = MAX_PER_PEER;
    for (const [peer, bits] of this.#holders) {
      const load = this.#perPeer.get(peer) ?? 0;
      if (load >= bestLoad || !bits.has(index) || this.#bad.get(index)?.has(peer) || !this.#usable(peer))
        continue;
      best = peer;
      bestLoad = load;
    }
    return best;
  }

  #originFor(now: number): string | undefined {
    for (const origin of this.#origins) {
      if ((this.#perPeer.get(origin) ?? 0) >= MAX_PER_PEER || !this.#usable(origin)) continue;
      if ((this.#originRetryAt.get(origin) ?? 0) > now) continue;
      return origin;
    }
    return undefined;
  }

  #ask(peer: string, index: number, direct: boolean): void {
    this.#inFlight.set(index, { from: peer, received: 0, lastActivity: this.#host.now() });
    this.#perPeer.set(peer, (this.#perPeer.get(peer) ?? 0) + 1);
    this.#host.link(peer)?.send(encodeFrame({ type: 'request', id: this.#init.id, index, direct }));
  }

  #release(index: number): void {
    const f = this.#inFlight.get(index);
    if (!f) return;
    this.#inFlight.delete(index);
    this.#perPeer.set(f.from, (this.#perPeer.get(f.from) ?? 1) - 1);
  }

  #badChunk(peer: string, index: number): void {
    this.#release(index);
    this.#markBad(index, peer);
    const strikes = (this.#strikes.get(peer) ?? 0) + 1;
    this.#strikes.set(peer, strikes);
    if (strikes >= this.#host.maxBadChunks) this.#drop(peer);
    this.pump();
  }

  #drop(peer: string): void {
    this.#dropped.add(peer);
    this.forgetHolder(peer);
    const error = new GroupPushError(
      'bad-chunks',
      `${peer} sent ${this.#strikes.get(peer)} bad chunks and was dropped`,
    );
    this.#host.peerError(peer, error);
    if ([...this.#origins].every((origin) => this.#dropped.has(origin))) this.#init.failed(error);
  }

  #markBad(index: number, peer: string): void {
    const bad = this.#bad.get(index) ?? new Set<string>();
    bad.add(peer);
    this.#bad.set(index, bad);
  }

  #tick(): void {
    const now = this.#host.now();
    if (now - this.#lastChunkAt > this.#host.peerTimeoutMs) {
      const seconds = Math.round(this.#host.peerTimeoutMs / 1000);
      this.#init.failed(new GroupPushError('peer-timeout', `no chunk arrived from anyone for ${seconds} s`));
      return;
    }
    for (const [index, f] of this.#inFlight) {
      if (now - f.lastActivity < REQUEST_TIMEOUT_MS) continue;
      this.#release(index);
      this.#markBad(index, f.from);
    }
    this.pump();
  }
}
