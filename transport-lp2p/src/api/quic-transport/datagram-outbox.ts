import { QuicTransportError } from '../../errors/quic-transport-errors.ts';
import { encodeDatagramFrames } from './datagram-frames.ts';

/**
 * Outgoing datagrams: a write queues a copy and resolves at once; a pump sends everything queued as one
 * batch of frames per stream write, so datagrams that pile up while a write is in flight cost one write.
 * Over `limit` queued, the oldest is dropped: the application never waits on the network.
 */
export class DatagramOutbox {
  readonly writable: WritableStream<Uint8Array>;
  /** Datagrams kept unsent; the owner validates it. */
  limit: number;
  /** Datagrams dropped unsent: queue overflow, or the session ending with them queued. */
  dropped = 0;
  readonly #queue: Uint8Array[] = [];
  readonly #open: () => Promise<WritableStream<Uint8Array>>;
  #controller!: WritableStreamDefaultController;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #pumping = false;
  #closed = false;

  /** `open` opens the outgoing datagram stream; it is called on the first datagram, not before. */
  constructor(maxDatagramSize: number, limit: number, open: () => Promise<WritableStream<Uint8Array>>) {
    this.limit = limit;
    this.#open = open;
    this.writable = new WritableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      write: (chunk) => {
        // WebTransport drops an oversized datagram without an error (W3C WebTransport §Datagrams).
        if (this.#closed || chunk.byteLength > maxDatagramSize) return;
        // Copied: the write resolves now, and the caller may reuse its buffer before the pump sends it.
        this.#queue.push(chunk.slice());
        while (this.#queue.length > this.limit) {
          this.#queue.shift();
          this.dropped++;
        }
        void this.#pump();
      },
    });
  }

  /** Ends the writable (with `error` when given); queued datagrams are dropped. */
  close(error?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#dropQueued();
    this.#controller.error(error ?? new QuicTransportError('invalid-state', 'the transport is closed'));
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      this.#writer ??= (await this.#open()).getWriter();
      while (this.#queue.length > 0 && !this.#closed) {
        await this.#writer.write(encodeDatagramFrames(this.#queue.splice(0)));
      }
    } catch {
      // The session is ending: what is still queued is lost, as datagrams may be.
      this.#dropQueued();
    } finally {
      this.#pumping = false;
    }
  }

  #dropQueued(): void {
    this.dropped += this.#queue.length;
    this.#queue.length = 0;
  }
}
