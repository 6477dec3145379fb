import { GroupPushError } from '../errors/group-push-error.ts';
import { ChunkBits } from './chunk-bits.ts';
import { CancelReason, DeclineReason, encodeFrame, type PushFrame } from './push-frames.ts';
import type { PushHost } from './push-host.ts';
import { chunkLength, heldBytes, type PushManifest } from './push-manifest.ts';
import { type PushSource, toHex } from './push-source.ts';
import type { PeerResult, PeerStatus, PushProgress, PushResult } from './push-types.ts';
import { RateMeter } from './rate-meter.ts';

interface Recipient {
  readonly peer: string;
  status: PeerStatus;
  neighbours: Set<string>;
  have: ChunkBits;
  readonly rate: RateMeter;
  error?: GroupPushError;
  awayTimer?: ReturnType<typeof setTimeout>;
  /** A confirmed recipient that let the content go (CANCEL after DONE): it serves no one any more. */
  gone?: boolean;
}

const FINAL = new Set<PeerStatus>(['confirmed', 'declined', 'failed', 'cancelled']);
const PROGRESS_MS = 200;

/**
 * The sender's side of one push: offers the manifest to each recipient (again after a reconnect), serves chunk
 * requests, and redirects a request to a recipient it already served that chunk to when the requester says it
 * has a channel to it, so each chunk leaves the sender about once (docs/group-push.md, "Fan-out").
 */
export class OutgoingPush {
  readonly key: string;
  readonly #host: PushHost;
  readonly #id: Uint8Array;
  readonly #manifest: PushManifest;
  readonly #offer: Uint8Array<ArrayBuffer>;
  readonly #source: PushSource;
  readonly #recipients = new Map<string, Recipient>();
  /** Recipients the sender itself sent each chunk to. */
  readonly #servedTo = new Map<number, Set<string>>();
  readonly #onProgress: ((progress: PushProgress) => void) | undefined;
  #sentBytes = 0;
  #lastProgress = Number.NEGATIVE_INFINITY;
  #over = false;
  #resolve!: (result: PushResult) => void;
  #reject!: (error: unknown) => void;
  readonly result: Promise<PushResult>;

  constructor(
    host: PushHost,
    init: {
      key: string;
      id: Uint8Array;
      manifest: PushManifest;
      manifestBytes: Uint8Array;
      source: PushSource;
      group: string;
      to: readonly string[];
      onProgress?: (progress: PushProgress) => void;
    },
  ) {
    this.#host = host;
    this.key = init.key;
    this.#id = init.id;
    this.#manifest = init.manifest;
    this.#source = init.source;
    this.#onProgress = init.onProgress;
    const members = [...init.to];
    this.#offer = encodeFrame({
      type: 'offer',
      id: init.id,
      manifest: init.manifestBytes,
      group: init.group,
      members,
    });
    for (const peer of members) {
      const have = new ChunkBits(init.manifest.chunkCount);
      this.#recipients.set(peer, {
        peer,
        status: 'waiting',
        neighbours: new Set(),
        have,
        rate: new RateMeter(host.now),
      });
    }
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  start(): void {
    for (const peer of this.#recipients.keys()) {
      if (this.#host.link(peer)) this.attached(peer);
      else this.detached(peer);
    }
  }

  /** A recipient's link is (again) open: (re)send the offer; it answers with what it already holds. */
  attached(peer: string): void {
    const r = this.#recipients.get(peer);
    if (!r || FINAL.has(r.status) || this.#over) return;
    clearTimeout(r.awayTimer);
    r.status = 'offered';
    this.#send(peer, this.#offer);
    this.#progress(true);
  }

  /** A recipient's link closed: it has `peerTimeoutMs` to come back. */
  detached(peer: string): void {
    const r = this.#recipients.get(peer);
    if (!r || FINAL.has(r.status) || this.#over) return;
    clearTimeout(r.awayTimer);
    r.awayTimer = setTimeout(() => {
      this.#final(r, 'failed', new GroupPushError('peer-timeout', `${peer} was not connected for the push`));
    }, this.#host.peerTimeoutMs);
  }

  onFrame(peer: string, frame: PushFrame): void {
    const r = this.#recipients.get(peer);
    if (frame.type === 'request') {
      this.#request(peer, r, frame.index, frame.direct);
      return;
    }
    if (r?.status === 'confirmed' && frame.type === 'cancel') r.gone = true;
    if (!r || FINAL.has(r.status)) return;
    switch (frame.type) {
      case 'accept':
        r.status = 'receiving';
        r.neighbours = new Set(frame.neighbours.filter((n) => n !== peer && this.#recipients.has(n)));
        r.have = new ChunkBits(this.#manifest.chunkCount);
        this.#progress(true);
        return;
      case 'decline': {
        const code =
          frame.reason === DeclineReason.tooLarge
            ? 'limit-exceeded'
            : frame.reason === DeclineReason.badManifest
              ? 'bad-manifest'
              : 'declined';
        this.#final(r, 'declined', new GroupPushError(code, `${peer} declined the push (${code})`));
        return;
      }
      case 'have-all':
        r.have = ChunkBits.fromBytes(this.#manifest.chunkCount, frame.bits);
        this.#progressOf(r);
        return;
      case 'have':
        r.have.set(frame.index);
        this.#progressOf(r);
        return;
      case 'done':
        if (r.status === 'receiving') this.#final(r, 'confirmed');
        return;
      case 'cancel':
        // Reason `failed`: the receiver gave up (its store failed, or the chunks did not add up to the whole).
        if (frame.reason === CancelReason.failed) {
          this.#final(r, 'failed', new GroupPushError('cancelled', `${peer} failed to receive the push`));
        } else this.#final(r, 'cancelled', new GroupPushError('cancelled', `${peer} cancelled the receipt`));
        return;
    }
  }

  /** Cancels the push for every recipient not yet finished; the result rejects with `aborted` (or `closed`). */
  abort(reason: unknown, code: 'aborted' | 'closed' = 'aborted'): void {
    if (this.#over) return;
    for (const r of this.#recipients.values()) {
      if (FINAL.has(r.status)) continue;
      this.#send(r.peer, encodeFrame({ type: 'cancel', id: this.#id, reason: CancelReason.aborted }));
      r.status = 'cancelled';
    }
    this.#end();
    this.#reject(new GroupPushError(code, `the push was ${code}`, { cause: reason }));
  }

  #request(peer: string, r: Recipient | undefined, index: number, direct: boolean): void {
    const link = this.#host.link(peer);
    if (!link) return;
    if (r?.status !== 'receiving' || index >= this.#manifest.chunkCount || !link.canServe()) {
      this.#send(peer, encodeFrame({ type: 'no-chunk', id: this.#id, index }));
      return;
    }
    const holder = direct ? undefined : this.#redirectTarget(peer, r, index);
    if (holder !== undefined) {
      this.#send(peer, encodeFrame({ type: 'redirect', id: this.#id, index, holder }));
      return;
    }
    const served = this.#servedTo.get(index) ?? new Set<string>();
    served.add(peer);
    this.#servedTo.set(index, served);
    const start = index * this.#manifest.chunkSize;
    const end = start + chunkLength(this.#manifest, index);
    link.serve({
      id: this.#id,
      key: this.key,
      index,
      read: () => this.#source.read(start, end),
      sent: (bytes) => {
        this.#sentBytes += bytes;
        this.#progress(false);
      },
    });
  }

  /**
   * A neighbour of the requester (by its ACCEPT) that can pass the chunk on: one that says it holds it, else one
   * the sender already sent it to. `undefined`: serve it here.
   */
  #redirectTarget(peer: string, r: Recipient, index: number): string | undefined {
    let inTransit: string | undefined;
    for (const neighbour of r.neighbours) {
      if (neighbour === peer || !this.#serving(neighbour)) continue;
      if (this.#recipients.get(neighbour)?.have.has(index)) return neighbour;
      if (this.#servedTo.get(index)?.has(neighbour)) inTransit ??= neighbour;
    }
    return inTransit;
  }

  /** A recipient that holds, or is being sent, what the sender served it, and can pass it on. */
  #serving(peer: string): boolean {
    const r = this.#recipients.get(peer);
    const status = r?.status;
    return (
      (status === 'receiving' || status === 'confirmed') && !r?.gone && this.#host.link(peer) !== undefined
    );
  }

  #send(peer: string, frame: Uint8Array<ArrayBuffer>): void {
    const link = this.#host.link(peer);
    if (!link) return;
    link.send(frame);
    this.#sentBytes += frame.length;
  }

  #final(r: Recipient, status: PeerResult['status'], error?: GroupPushError): void {
    if (FINAL.has(r.status) || this.#over) return;
    clearTimeout(r.awayTimer);
    r.status = status;
    r.error = error;
    this.#progress(true);
    if ([...this.#recipients.values()].every((x) => FINAL.has(x.status))) this.#finish();
  }

  #finish(): void {
    for (const r of this.#recipients.values()) {
      if (r.status === 'confirmed') this.#send(r.peer, encodeFrame({ type: 'end', id: this.#id }));
    }
    this.#end();
    const peers = [...this.#recipients.values()].map(
      (r): PeerResult => ({
        peer: r.peer,
        status: r.status as PeerResult['status'],
        ...(r.error && { error: r.error }),
      }),
    );
    this.#resolve({
      transferId: this.key,
      sha256: toHex(this.#manifest.sha256),
      totalBytes: this.#manifest.totalBytes,
      sentBytes: this.#sentBytes,
      peers,
    });
  }

  #end(): void {
    this.#over = true;
    for (const r of this.#recipients.values()) clearTimeout(r.awayTimer);
    for (const peer of this.#recipients.keys()) this.#host.link(peer)?.forget(this.key);
    this.#host.ended(this.key);
  }

  #progressOf(r: Recipient): void {
    r.rate.record(this.#receivedBytes(r));
    this.#progress(false);
  }

  #receivedBytes(r: Recipient): number {
    return heldBytes(this.#manifest, r.have);
  }

  #progress(force: boolean): void {
    const onProgress = this.#onProgress;
    if (!onProgress) return;
    const now = this.#host.now();
    if (!force && now - this.#lastProgress < PROGRESS_MS) return;
    this.#lastProgress = now;
    const total = this.#manifest.totalBytes;
    const peers = [...this.#recipients.values()].map((r) => {
      const receivedBytes = this.#receivedBytes(r);
      return {
        peer: r.peer,
        status: r.status,
        receivedBytes,
        rate: r.rate.rate,
        remainingMs: r.rate.remainingMs(total - receivedBytes),
      };
    });
    try {
      onProgress({ transferId: this.key, totalBytes: total, sentBytes: this.#sentBytes, peers });
    } catch {
      // A throwing progress callback must not break the push.
    }
  }
}
