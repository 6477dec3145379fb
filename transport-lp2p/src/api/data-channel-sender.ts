import { backgroundTimeout, type TimeoutHandle } from './background-timeout.ts';
import { type DataChannelData, encodeBlobFrame, encodeDataFrame } from './data-channel-payload.ts';
import { FrameBufferPool, POOLED_MIN_BYTES } from './frame-buffer-pool.ts';

export interface FrameSenderEvents {
  /** `bufferedAmount` fell from above `threshold()` to at or below it (WebRTC §6.2 bufferedamountlow). */
  lowered(): void;
  /** A write failed: the stream is gone. Called once. */
  failed(error: unknown): void;
  threshold(): number;
}

/** A sender with nothing to write for this long lets go of its kept frame buffers. */
const IDLE_RELEASE_MS = 1000;

/** Frames smaller than this that queue up behind a write go out together, in one write; larger ones alone. */
const COALESCE_BYTES = POOLED_MIN_BYTES;

interface Queued {
  readonly frame: Uint8Array;
  readonly size: number;
}

/**
 * The sending half of a data channel: frames messages, keeps them in order and counts `bufferedAmount`, the
 * payload bytes handed to `send` that the stream has not yet taken (WebRTC §6.2 bufferedAmount). One write is
 * in flight at a time and resolves as the transport drains, so the count tracks real backpressure; small
 * frames that pile up meanwhile are joined into one write, since a QUIC stream write costs about the same for
 * 100 bytes as for 64 KiB.
 */
export class FrameSender {
  readonly #write: (chunk: Uint8Array) => Promise<void>;
  readonly #events: FrameSenderEvents;
  readonly #queue: Queued[] = [];
  #buffered = 0;
  #writing: Promise<void> | undefined;
  /** Set while a Blob is being read: later messages wait behind it to keep their order. */
  #tail: Promise<unknown> | undefined;
  #failed = false;
  readonly #buffers = new FrameBufferPool();
  readonly #allocate = (length: number): Uint8Array => this.#buffers.take(length);
  #idle: TimeoutHandle | undefined;

  constructor(write: (chunk: Uint8Array) => Promise<void>, events: FrameSenderEvents) {
    this.#write = write;
    this.#events = events;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  /** Queues `data` of `size` payload bytes; the caller has checked the channel is open and the size. */
  send(data: DataChannelData, size: number): void {
    this.#buffered += size;
    if (data instanceof Blob) {
      this.#queueBehindTail(async () =>
        this.#enqueue(encodeBlobFrame(await data.bytes(), this.#allocate), size),
      );
      return;
    }
    // Framing copies the payload now: the caller may reuse its buffer once send returns.
    const frame = encodeDataFrame(data, this.#allocate);
    if (this.#tail === undefined) this.#enqueue(frame, size);
    else this.#queueBehindTail(() => this.#enqueue(frame, size));
  }

  /** Resolves once every queued message was written, or the stream failed. */
  async flush(): Promise<void> {
    while (this.#tail !== undefined) await this.#tail;
    while (this.#writing !== undefined) await this.#writing;
  }

  #enqueue(frame: Uint8Array, size: number): void {
    if (this.#failed) return;
    this.#queue.push({ frame, size });
    clearTimeout(this.#idle);
    this.#writing ??= this.#pump();
  }

  async #pump(): Promise<void> {
    while (this.#queue.length > 0 && !this.#failed) {
      const { chunk, size } = this.#nextChunk();
      try {
        await this.#write(chunk);
      } catch (error) {
        this.#fail(error);
        break;
      }
      // Written: the session keeps no reference to it, so its buffer can carry a later frame.
      this.#buffers.give(chunk);
      this.#sent(size);
    }
    this.#writing = undefined;
    if (this.#buffers.holding) this.#idle = backgroundTimeout(() => this.#buffers.clear(), IDLE_RELEASE_MS);
  }

  /** The first queued frame, joined with the small frames right behind it if it is small too. */
  #nextChunk(): { chunk: Uint8Array; size: number } {
    const first = this.#queue.shift() as Queued;
    const alone = { chunk: first.frame, size: first.size };
    if (first.frame.byteLength >= COALESCE_BYTES) return alone;
    const parts = [first];
    let bytes = first.frame.byteLength;
    for (let next = this.#queue[0]; next !== undefined; next = this.#queue[0]) {
      if (bytes + next.frame.byteLength > COALESCE_BYTES) break;
      parts.push(next);
      bytes += next.frame.byteLength;
      this.#queue.shift();
    }
    if (parts.length === 1) return alone;
    const chunk = new Uint8Array(bytes);
    let at = 0;
    let size = 0;
    for (const part of parts) {
      chunk.set(part.frame, at);
      at += part.frame.byteLength;
      size += part.size;
    }
    return { chunk, size };
  }

  #queueBehindTail(step: () => unknown): void {
    const tail = (this.#tail ?? Promise.resolve()).then(step).catch((error: unknown) => this.#fail(error));
    this.#tail = tail;
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
  }

  #sent(size: number): void {
    const before = this.#buffered;
    this.#buffered -= size;
    const threshold = this.#events.threshold();
    if (before > threshold && this.#buffered <= threshold) this.#events.lowered();
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#events.failed(error);
  }
}
