import { isChannelClosed, isChannelOpen, type SyncChannel } from '../channel.ts';
import { encodeFrame, encodePiece, type TransferId } from './push-frames.ts';
import { PIECE_BYTES } from './push-limits.ts';

/** Above this many buffered bytes a link stops sending pieces until the channel drains to {@link LOW_WATER}. */
export const HIGH_WATER = 2 * 1024 * 1024;
export const LOW_WATER = 512 * 1024;
/** Poll interval for channels without `bufferedamountlow` (WebSocket), and a safety net for those with it. */
const POLL_MS = 5;
const EVENT_FALLBACK_MS = 200;
/** Queued chunk requests a peer may have with us; more are answered NO-CHUNK (see `canServe`). */
export const MAX_QUEUED_SERVES = 32;

/** One chunk to send in pieces; `read` resolves `undefined` when the chunk cannot be had after all. */
export interface ServeJob {
  readonly id: TransferId;
  readonly key: string;
  readonly index: number;
  read(): Promise<Uint8Array | undefined>;
  /** Called with the bytes of the frames sent for this chunk once it is done (0 when nothing was sent). */
  sent(bytes: number): void;
}

/**
 * The push channel to one peer: control frames go out at once; chunks are served one at a time in pieces,
 * each after the channel's buffer is below the high-water mark, so a slow peer never makes us buffer more.
 */
export class PushLink {
  readonly peer: string;
  readonly channel: SyncChannel;
  /** Removes the owner's listeners from the channel. */
  cleanup: (() => void) | undefined;
  /** Every byte this link has sent (frames and pieces). */
  sentBytes = 0;
  readonly #queue: ServeJob[] = [];
  #serving = false;
  #closed = false;
  readonly #hasLowEvent: boolean;

  constructor(peer: string, channel: SyncChannel) {
    this.peer = peer;
    this.channel = channel;
    this.#hasLowEvent = typeof channel.bufferedAmountLowThreshold === 'number';
    if (this.#hasLowEvent) channel.bufferedAmountLowThreshold = LOW_WATER;
  }

  get open(): boolean {
    return !this.#closed && isChannelOpen(this.channel);
  }

  /** Sends one frame; a channel that closed meanwhile drops it (its `close` event tells the owner). */
  send(frame: Uint8Array<ArrayBuffer>): void {
    if (!this.open) return;
    try {
      this.channel.send(frame);
      this.sentBytes += frame.length;
    } catch {
      // The channel went away between the check and the send; the close event follows.
    }
  }

  canServe(): boolean {
    return this.open && this.#queue.length < MAX_QUEUED_SERVES;
  }

  serve(job: ServeJob): void {
    this.#queue.push(job);
    if (!this.#serving) void this.#run();
  }

  /** Drops queued chunks of one transfer (cancelled or ended). */
  forget(key: string): void {
    for (let i = this.#queue.length - 1; i >= 0; i--)
      if (this.#queue[i]?.key === key) this.#queue.splice(i, 1);
  }

  /** Stops serving; queued jobs are dropped. The channel itself belongs to the caller. */
  close(): void {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.sent(0);
  }

  async #run(): Promise<void> {
    this.#serving = true;
    try {
      for (let job = this.#queue.shift(); job; job = this.#queue.shift()) await this.#serveOne(job);
    } finally {
      this.#serving = false;
    }
  }

  async #serveOne(job: ServeJob): Promise<void> {
    let chunk: Uint8Array | undefined;
    try {
      chunk = await job.read();
    } catch {
      chunk = undefined;
    }
    if (!chunk) {
      // Tell the requester at once, so it asks someone else instead of waiting for pieces.
      const frame = encodeFrame({ type: 'no-chunk', id: job.id, index: job.index });
      this.send(frame);
      job.sent(frame.length);
      return;
    }
    let sent = 0;
    for (let offset = 0; offset < chunk.length && this.open; offset += PIECE_BYTES) {
      await this.#drain();
      if (!this.open) break;
      const frame = encodePiece(job.id, job.index, offset, chunk.subarray(offset, offset + PIECE_BYTES));
      this.send(frame);
      sent += frame.length;
    }
    job.sent(sent);
  }

  /** Resolves once the channel's buffer is at most the high-water mark, or it closed. */
  async #drain(): Promise<void> {
    const channel = this.channel;
    while (channel.bufferedAmount > HIGH_WATER && !this.#closed && !isChannelClosed(channel)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          channel.removeEventListener('bufferedamountlow', done);
          channel.removeEventListener('close', done);
          resolve();
        };
        const timer = setTimeout(done, this.#hasLowEvent ? EVENT_FALLBACK_MS : POLL_MS);
        channel.addEventListener('bufferedamountlow', done);
        channel.addEventListener('close', done);
      });
    }
  }
}
