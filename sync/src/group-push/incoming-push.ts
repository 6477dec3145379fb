import { GroupPushError } from '../errors/group-push-error.ts';
import { ChunkBits } from './chunk-bits.ts';
import { ChunkFetcher } from './chunk-fetcher.ts';
import { CancelReason, DeclineReason, encodeFrame, type PushFrame } from './push-frames.ts';
import type { PushHost } from './push-host.ts';
import { heldBytes } from './push-manifest.ts';
import type { PushOffer } from './push-types.ts';
import { RateMeter } from './rate-meter.ts';
import { receivedPush } from './received-push.ts';
import { VerifiedChunks } from './verified-chunks.ts';

const PROGRESS_MS = 200;

/**
 * A receiver's side of one push: joins the swarm (ACCEPT to the sender, HAVE-ALL to every member it has a
 * channel to), fetches what it lacks through a {@link ChunkFetcher}, serves what it holds to other members,
 * verifies the whole and confirms (DONE) to the sender, then keeps serving until the sender's END.
 */
export class IncomingPush {
  readonly key: string;
  readonly offer: PushOffer;
  readonly #host: PushHost;
  readonly #id: Uint8Array;
  readonly #origins: Set<string>;
  readonly #members: Set<string>;
  readonly #heardFrom = new Set<string>();
  readonly #rate: RateMeter;
  #stored!: VerifiedChunks;
  #fetcher!: ChunkFetcher;
  #state: 'starting' | 'receiving' | 'verifying' | 'complete' | 'over' = 'starting';
  #lastProgress = Number.NEGATIVE_INFINITY;
  #removeOnOpen = false;

  constructor(host: PushHost, offer: PushOffer, id: Uint8Array) {
    this.#host = host;
    this.key = offer.transferId;
    this.offer = offer;
    this.#id = id;
    this.#origins = new Set([offer.from]);
    this.#members = new Set(offer.members.filter((m) => m !== host.self && m !== offer.from));
    this.#rate = new RateMeter(host.now);
  }

  /** Opens the store (the first thing stored for this offer), then announces what is already held. */
  async start(signal?: AbortSignal): Promise<void> {
    const m = this.offer.manifest;
    try {
      this.#stored = await VerifiedChunks.open(this.#host.store, this.key, m, this.#host);
    } catch (error) {
      this.#send(
        this.offer.from,
        encodeFrame({ type: 'decline', id: this.#id, reason: DeclineReason.failed }),
      );
      return this.#fail(
        new GroupPushError('store-failed', 'the push store failed to open', { cause: error }),
        false,
      );
    }
    if (this.#state === 'over') {
      // Cancelled while the store was opening.
      if (this.#removeOnOpen) await this.#stored.remove().catch(() => {});
      return;
    }
    this.#state = 'receiving';
    this.#fetcher = new ChunkFetcher(this.#host, {
      id: this.#id,
      manifest: m,
      origin: this.offer.from,
      held: this.#stored.held,
      start: Math.floor(
        (Math.max(0, this.offer.members.indexOf(this.#host.self)) * m.chunkCount) / this.offer.members.length,
      ),
      verified: (index, bytes) => this.#store(index, bytes),
      failed: (error) => this.#fail(error, true),
    });
    if (signal) {
      if (signal.aborted) return this.abort(signal.reason);
      signal.addEventListener('abort', () => this.abort(signal.reason), { once: true });
    }
    this.#greet(this.offer.from);
    for (const peer of this.#members) if (this.#host.link(peer)) this.#sendHaveAll(peer);
    this.#progress(true);
    if (this.#stored.held.complete) void this.#verifyWhole();
    else this.#fetcher.pump();
  }

  /** The same offer again (the sender reconnected), or from another peer that holds the whole content. */
  reoffered(peer: string): void {
    if (this.#state === 'over' || this.#state === 'starting') return;
    this.#origins.add(peer);
    if (peer !== this.offer.from) this.#fetcher.addOrigin(peer);
    this.#greet(peer);
    if (this.#state === 'complete') this.#send(peer, encodeFrame({ type: 'done', id: this.#id }));
    this.#fetcher.originBack(peer);
    this.#fetcher.pump();
  }

  attached(peer: string): void {
    if (this.#state === 'starting' || this.#state === 'over' || !this.#members.has(peer)) return;
    this.#heardFrom.delete(peer);
    this.#fetcher.forgetHolder(peer);
    this.#sendHaveAll(peer);
  }

  detached(peer: string): void {
    if (this.#state === 'starting' || this.#state === 'over') return;
    this.#heardFrom.delete(peer);
    this.#fetcher.forgetHolder(peer);
    this.#fetcher.pump();
  }

  onFrame(peer: string, frame: PushFrame): void {
    if (this.#state === 'over' || (this.#state === 'starting' && frame.type !== 'cancel')) return;
    const isOrigin = this.#origins.has(peer);
    if (!isOrigin && !this.#members.has(peer)) return;
    switch (frame.type) {
      case 'have-all': {
        if (isOrigin) return;
        this.#fetcher.holderHas(peer, ChunkBits.fromBytes(this.offer.manifest.chunkCount, frame.bits));
        if (!this.#heardFrom.has(peer)) this.#sendHaveAll(peer);
        this.#heardFrom.add(peer);
        this.#fetcher.pump();
        return;
      }
      case 'have':
        if (!isOrigin) this.#fetcher.holderHasOne(peer, frame.index);
        this.#fetcher.pump();
        return;
      case 'request':
        this.#serve(peer, frame.index);
        return;
      case 'piece':
        this.#fetcher.piece(peer, frame.index, frame.offset, frame.bytes);
        return;
      case 'no-chunk':
        this.#fetcher.noChunk(peer, frame.index);
        return;
      case 'redirect':
        if (isOrigin) this.#fetcher.redirect(frame.index, frame.holder);
        return;
      case 'cancel':
        if (peer !== this.offer.from) {
          this.detached(peer);
          return;
        }
        this.#fail(new GroupPushError('cancelled', `${peer} cancelled the push`), false, true);
        return;
      case 'end':
        if (peer !== this.offer.from) return;
        if (this.#state === 'complete') {
          this.#stop();
          return;
        }
        this.#fail(
          new GroupPushError('cancelled', `${peer} ended the push before this receiver had it`),
          false,
        );
        return;
    }
  }

  /** The receiver cancels: tells the sender and the members, forgets the chunks. */
  abort(reason: unknown): void {
    if (this.#state === 'over' || this.#state === 'complete') return;
    const frame = encodeFrame({ type: 'cancel', id: this.#id, reason: CancelReason.aborted });
    for (const peer of [...this.#origins, ...this.#members]) this.#send(peer, frame);
    this.#fail(new GroupPushError('aborted', 'the receipt was aborted', { cause: reason }), false, true);
  }

  /** Stops without a word to anyone (the `GroupPush` is closing); stored chunks stay for a later resume. */
  stop(): void {
    this.#stop();
  }

  #greet(peer: string): void {
    const neighbours = [...this.#members].filter((m) => this.#host.link(m));
    this.#send(peer, encodeFrame({ type: 'accept', id: this.#id, neighbours }));
    this.#send(peer, encodeFrame({ type: 'have-all', id: this.#id, bits: this.#stored.held.toBytes() }));
  }

  #sendHaveAll(peer: string): void {
    this.#send(peer, encodeFrame({ type: 'have-all', id: this.#id, bits: this.#stored.held.toBytes() }));
  }

  #serve(peer: string, index: number): void {
    const link = this.#host.link(peer);
    if (!link) return;
    if (!this.#stored?.held.has(index) || this.#fetcher.isDropped(peer) || !link.canServe()) {
      link.send(encodeFrame({ type: 'no-chunk', id: this.#id, index }));
      return;
    }
    link.serve({ id: this.#id, key: this.key, index, read: () => this.#read(index), sent: () => {} });
  }

  /** A stored chunk, re-verified; one that fails is forgotten and fetched again. */
  async #read(index: number): Promise<Uint8Array | undefined> {
    const chunk = await this.#stored.read(index);
    if (!chunk && this.#state === 'receiving') this.#fetcher.pump();
    return chunk;
  }

  async #store(index: number, bytes: Uint8Array): Promise<void> {
    try {
      await this.#stored.put(index, bytes);
    } catch (error) {
      const failure = new GroupPushError('store-failed', `storing chunk ${index} failed`, { cause: error });
      this.#fail(failure, true);
      return;
    }
    if (this.#state !== 'receiving') return;
    const have = encodeFrame({ type: 'have', id: this.#id, index });
    for (const peer of [...this.#origins, ...this.#members]) {
      if (!this.#fetcher.isDropped(peer)) this.#send(peer, have);
    }
    this.#progress(this.#stored.held.complete);
    if (this.#stored.held.complete) void this.#verifyWhole();
  }

  async #verifyWhole(): Promise<void> {
    this.#state = 'verifying';
    const whole = await this.#stored.verifyWhole();
    if ((this.#state as string) === 'over') return;
    if (whole === 'missing') {
      this.#state = 'receiving';
      this.#fetcher.pump();
      return;
    }
    if (whole === 'mismatch') {
      this.#fail(new GroupPushError('bad-manifest', 'the chunks do not add up to the whole hash'), true);
      return;
    }
    this.#state = 'complete';
    this.#fetcher.stop();
    for (const origin of this.#origins) this.#send(origin, encodeFrame({ type: 'done', id: this.#id }));
    this.#progress(true);
    const received = receivedPush(
      this.offer,
      (index) => this.#read(index),
      () => this.#discard(),
    );
    try {
      this.#host.options.onReceived?.(received);
    } catch {
      // The application's handler must not break the protocol.
    }
  }

  async #discard(): Promise<void> {
    if (this.#state === 'complete') {
      // No longer serving anyone: the sender must not redirect to us, members must not wait for us.
      const frame = encodeFrame({ type: 'cancel', id: this.#id, reason: CancelReason.aborted });
      for (const peer of [...this.#origins, ...this.#members]) this.#send(peer, frame);
    }
    this.#stop();
    await this.#stored.remove();
  }

  #fail(error: GroupPushError, tellSender: boolean, removeChunks = false): void {
    if (this.#state === 'over') return;
    if (tellSender)
      this.#send(this.offer.from, encodeFrame({ type: 'cancel', id: this.#id, reason: CancelReason.failed }));
    this.#stop();
    if (removeChunks && this.#stored) void this.#stored.remove().catch(() => {});
    else if (removeChunks) this.#removeOnOpen = true;
    try {
      this.#host.options.onReceiveFailed?.(this.offer, error);
    } catch {
      // As above.
    }
  }

  #stop(): void {
    if (this.#state === 'over') return;
    this.#state = 'over';
    this.#fetcher?.stop();
    for (const peer of this.#host.linkedPeers()) this.#host.link(peer)?.forget(this.key);
    this.#host.ended(this.key);
  }

  #send(peer: string, frame: Uint8Array<ArrayBuffer>): void {
    this.#host.link(peer)?.send(frame);
  }

  #progress(force: boolean): void {
    const onProgress = this.#host.options.onReceiveProgress;
    const m = this.offer.manifest;
    const receivedBytes = heldBytes(m, this.#stored.held);
    this.#rate.record(receivedBytes);
    const now = this.#host.now();
    if (!onProgress || (!force && now - this.#lastProgress < PROGRESS_MS)) return;
    this.#lastProgress = now;
    try {
      onProgress({
        transferId: this.key,
        from: this.offer.from,
        name: this.offer.name,
        totalBytes: m.totalBytes,
        receivedBytes,
        fetchedBytes: this.#fetcher?.fetchedBytes ?? 0,
        rate: this.#rate.rate,
        remainingMs: this.#rate.remainingMs(m.totalBytes - receivedBytes),
      });
    } catch {
      // As above.
    }
  }
}
