import { QuicTransportError } from '../../errors/index.ts';
import type { SessionDatagrams } from '../../platform/index.ts';
import { pushKeepingNewest } from '../../platform/index.ts';

/**
 * Outgoing datagrams: a write hands the datagram to the session's datagrams (which copy it) and resolves at
 * once; the application never waits on the network. While more than `limit` wait unsent, the oldest are
 * dropped, here before the session is attached and in the session's queue after.
 */
export class DatagramOutbox {
  readonly writable: WritableStream<Uint8Array>;
  /** Datagrams kept unsent; the owner validates it. */
  limit: number;
  /** Datagrams dropped unsent: queue overflow, too big for the path, or the session ending. */
  dropped = 0;
  /** Written before the session was attached, kept as copies. */
  readonly #early: Uint8Array[] = [];
  #session: SessionDatagrams | undefined;
  #controller!: WritableStreamDefaultController;
  #closed = false;

  /** `maxSize` is the size over which a write is dropped silently, as WebTransport does. */
  constructor(limit: number, maxSize: () => number) {
    this.limit = limit;
    this.writable = new WritableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      write: (chunk) => {
        // WebTransport drops an oversized datagram without an error (W3C WebTransport §Datagrams).
        if (this.#closed || chunk.byteLength > maxSize()) return;
        if (this.#session) {
          this.dropped += this.#session.send(chunk, this.limit);
          return;
        }
        // Copied: the write resolves now, and the caller may reuse its buffer before the session is ready.
        this.dropped += pushKeepingNewest(this.#early, chunk.slice(), this.limit);
      },
    });
  }

  /** Sends through `session` from now on, starting with what was written before. */
  attach(session: SessionDatagrams): void {
    if (this.#closed) return;
    this.#session = session;
    for (const datagram of this.#early.splice(0)) this.dropped += session.send(datagram, this.limit);
  }

  /** Ends the writable (with `error` when given); datagrams not yet attached are dropped. */
  close(error?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.dropped += this.#early.length;
    this.#early.length = 0;
    this.#controller.error(error ?? new QuicTransportError('invalid-state', 'the transport is closed'));
  }
}
