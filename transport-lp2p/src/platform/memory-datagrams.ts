import { pushKeepingNewest } from './keep-newest.ts';
import type { SessionDatagrams } from './session.ts';

/** QUIC's smallest datagram payload on any path (RFC 9000 §14 less headers, rounded down): what memory carries. */
export const MEMORY_DATAGRAM_SIZE = 1200;

/**
 * The in-memory stand-in for QUIC datagrams: what one side queues in a task reaches the peer in a later task,
 * together, as one flight of packets would. Semantics match `QuicDatagrams`: copies, `maxQueued` drops the
 * oldest unsent, nothing after close.
 */
export class MemoryDatagrams implements SessionDatagrams {
  ondatagram: ((payload: Uint8Array) => void) | undefined;
  peer: MemoryDatagrams | undefined;
  readonly #queue: Uint8Array[] = [];
  #flushQueued = false;
  #closed = false;

  get maxSize(): number {
    return this.#closed ? 0 : MEMORY_DATAGRAM_SIZE;
  }

  send(payload: Uint8Array, maxQueued: number): number {
    if (this.#closed || payload.byteLength > MEMORY_DATAGRAM_SIZE) return 1;
    const dropped = pushKeepingNewest(this.#queue, payload.slice(), maxQueued);
    this.#flushSoon();
    return dropped;
  }

  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.ondatagram = undefined;
  }

  #flushSoon(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      const peer = this.peer;
      if (peer === undefined) return;
      for (const payload of this.#queue.splice(0)) peer.#deliver(payload);
    });
  }

  #deliver(payload: Uint8Array): void {
    if (!this.#closed) this.ondatagram?.(payload);
  }
}
