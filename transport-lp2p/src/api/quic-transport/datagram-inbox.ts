import { pushKeepingNewest } from '../../platform/index.ts';
/**
 * Incoming datagrams waiting for the application. The readable has no queue of its own (high-water mark 0)
 * so that this one, which drops its oldest entry when over `limit`, is the only buffer: WebTransport's
 * incoming datagram queue behaves this way (W3C WebTransport §Datagrams; MDN incomingMaxBufferedDatagrams).
 */
export class DatagramInbox {
  readonly readable: ReadableStream<Uint8Array>;
  /** Datagrams kept unread; the owner validates it. */
  limit: number;
  /** Datagrams dropped unread because the queue was full. */
  dropped = 0;
  readonly #queue: Uint8Array[] = [];
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #readerWaiting = false;
  #done = false;

  constructor(limit: number) {
    this.limit = limit;
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: (controller) => {
          const next = this.#queue.shift();
          if (next) controller.enqueue(next);
          else this.#readerWaiting = true;
        },
        cancel: () => {
          this.#done = true;
          this.#queue.length = 0;
        },
      },
      { highWaterMark: 0 },
    );
  }

  deliver(datagram: Uint8Array): void {
    if (this.#done) return;
    if (this.#readerWaiting) {
      this.#readerWaiting = false;
      this.#controller.enqueue(datagram);
      return;
    }
    this.dropped += pushKeepingNewest(this.#queue, datagram, this.limit);
  }

  /** Gracefully (what is queued can still be read), or with `error` (the readable errors at once). */
  close(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    if (error === undefined) {
      for (const datagram of this.#queue) this.#controller.enqueue(datagram);
      this.#controller.close();
    } else {
      this.#controller.error(error);
    }
    this.#queue.length = 0;
  }
}
