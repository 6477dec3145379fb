import { unfilledBytes } from '../protocol/index.ts';

/** Frames below this are not worth keeping: small ones are cheap, and the sender joins them anyway. */
export const POOLED_MIN_BYTES = 64 * 1024;
/** Frames above this are rare enough (and big enough) to leave to the allocator. */
const POOLED_MAX_BYTES = 4 * 1024 * 1024;
/** What one pool keeps at most, so an idle channel holds little. */
const KEPT_MAX_BUFFERS = 32;
const KEPT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Buffers for a data channel's outgoing frames, reused once the transport has written them (a session write
 * that resolved keeps no reference to its chunk, platform/session.ts). Bulk senders otherwise allocate, fill
 * and drop a fresh megabyte per message, and the garbage collector's work for that cost a tenth of the
 * throughput. A frame is built in a kept buffer of at least its size and at most twice it, else in a new one.
 * @example
 * const frame = pool.take(length); // fill it, write it, then:
 * pool.give(frame);
 */
export class FrameBufferPool {
  readonly #kept: Uint8Array[] = [];
  #keptBytes = 0;

  /** `length` bytes, not zero-filled: a view of a kept buffer, or a new buffer. */
  take(length: number): Uint8Array {
    if (length >= POOLED_MIN_BYTES && length <= POOLED_MAX_BYTES) {
      const index = this.#kept.findIndex((buffer) => buffer.length >= length && buffer.length <= 2 * length);
      if (index >= 0) {
        const [buffer] = this.#kept.splice(index, 1) as [Uint8Array];
        this.#keptBytes -= buffer.length;
        return buffer.subarray(0, length);
      }
    }
    return unfilledBytes(length);
  }

  /** Whether any buffer is kept. */
  get holding(): boolean {
    return this.#kept.length > 0;
  }

  /** Drops every kept buffer, e.g. once the sender has been idle for a while. */
  clear(): void {
    this.#kept.length = 0;
    this.#keptBytes = 0;
  }

  /**
   * Hands back a buffer of the sender's own (from `take`, or one it made) whose write has resolved; kept if it is
   * worth it and there is room.
   */
  give(frame: Uint8Array): void {
    const buffer = new Uint8Array(frame.buffer);
    const size = buffer.length;
    if (size < POOLED_MIN_BYTES || size > POOLED_MAX_BYTES) return;
    if (this.#kept.length >= KEPT_MAX_BUFFERS || this.#keptBytes + size > KEPT_MAX_BYTES) return;
    this.#kept.push(buffer);
    this.#keptBytes += size;
  }
}
