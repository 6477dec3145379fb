import type { QUICConnection } from '@matrixai/quic';
import { type ConnectionInternals, connectionInternals } from './quic-internals.ts';
import type { SessionDatagrams } from './session.ts';

/**
 * quiche's DATAGRAM queues, each direction (datagrams, not bytes). Incoming ones are drained after every
 * packet, so that queue only ever holds one packet's worth; outgoing ones wait there for congestion-window
 * room, and `send`'s `maxQueued` trims them from the oldest first.
 */
export const DATAGRAM_QUEUE_LENGTH = 1024;

/**
 * RFC 9221 datagrams on a @matrixai/quic connection whose config enabled them (`quic-config.ts`). The library
 * (2.0.9) has no datagram API of its own: this drives quiche's through the connection's native handle, drains
 * the received ones each time the connection has processed a packet (its `processStreams` step), and asks the
 * connection to send after queueing one. Fails at once, with a SessionError, if those internals are missing
 * (quic-internals.ts).
 */
export class QuicDatagrams implements SessionDatagrams {
  ondatagram: ((payload: Uint8Array) => void) | undefined;
  readonly #connection: ConnectionInternals;
  #flushQueued = false;
  #closed = false;

  constructor(connection: QUICConnection) {
    const internals = connectionInternals(connection);
    this.#connection = internals;
    const processStreams = internals.processStreams.bind(internals);
    internals.processStreams = () => {
      processStreams();
      this.#drain();
    };
    // Datagrams that came with the handshake's last packets wait in quiche until now.
    this.#drain();
  }

  get maxSize(): number {
    if (this.#closed) return 0;
    return this.#connection.conn.dgramMaxWritableLen() ?? 0;
  }

  send(payload: Uint8Array, maxQueued: number): number {
    if (this.#closed || payload.byteLength > this.maxSize) return 1;
    const native = this.#connection.conn;
    const keep = Math.max(1, Math.floor(maxQueued));
    let dropped = 0;
    const excess = native.dgramSendQueueLen() + 1 - keep;
    if (excess > 0) {
      // quiche offers its queue in sending order, oldest first.
      native.dgramPurgeOutgoing(() => {
        if (dropped === excess) return false;
        dropped++;
        return true;
      });
    }
    try {
      // quiche copies the payload into its queue; null means the queue is full.
      if (native.dgramSend(payload) === null) dropped++;
    } catch {
      // Not writable now (the connection is closing): the datagram is lost, as datagrams may be.
      return dropped + 1;
    }
    this.#flushSoon();
    return dropped;
  }

  /** Stops sending and delivering; called when the session closes. */
  close(): void {
    this.#closed = true;
    this.ondatagram = undefined;
  }

  #drain(): void {
    const native = this.#connection.conn;
    for (let payload = native.dgramRecvVec(); payload !== null; payload = native.dgramRecvVec()) {
      if (!this.#closed) this.ondatagram?.(payload);
    }
  }

  /**
   * One `send` of the connection per batch of datagrams queued in the same event-loop turn, not one per
   * datagram: quiche then packs several into each packet, and the library's cost is per packet.
   */
  #flushSoon(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      if (!this.#closed) this.#connection.send().catch(() => {});
    });
  }
}
