import type { SessionDatagrams } from '../../platform/index.ts';
import { DatagramInbox } from './datagram-inbox.ts';
import { DatagramOutbox } from './datagram-outbox.ts';

/**
 * `maxDatagramSize` until the session is established: QUIC's own minimum datagram size (RFC 9000 §14), which
 * any path carries. Once established it is the session's, sized to the path (less headers).
 */
export const MAX_DATAGRAM_SIZE = 1200;
const defaultHighWaterMark = 128;

/** The WebTransportDatagramDuplexStream shape (W3C WebTransport §WebTransportDatagramDuplexStream). */
export interface QuicDatagramDuplexStream {
  /** Incoming datagrams. When `incomingHighWaterMark` are waiting unread, the oldest is dropped. */
  readonly readable: ReadableStream<Uint8Array>;
  /**
   * Outgoing datagrams. A write never waits for the network: it queues the datagram and resolves. When
   * `outgoingHighWaterMark` are waiting to be sent, the oldest is dropped. A datagram larger than
   * `maxDatagramSize` is dropped silently, as WebTransport does.
   */
  readonly writable: WritableStream<Uint8Array>;
  readonly maxDatagramSize: number;
  /** Datagrams kept unread before the oldest is dropped; at least 1. */
  incomingHighWaterMark: number;
  /** Datagrams kept unsent before the oldest is dropped; at least 1. */
  outgoingHighWaterMark: number;
}

/** Counters for `getStats().datagrams`. */
export interface DatagramDropCounts {
  /** Arrived but dropped unread because the incoming queue was full (WebTransportDatagramStats). */
  readonly droppedIncoming: number;
  /** Dropped unsent: the outgoing queue was full, or the session ended with them queued. */
  readonly droppedOutgoing: number;
}

/** The transport's handle on its datagram duplex: attach it to the session, close it with the session. */
export interface DatagramDuplexControl {
  readonly duplex: QuicDatagramDuplexStream;
  /** Sends and receives through the session's datagrams from now on. */
  attach(datagrams: SessionDatagrams): void;
  /** Ends both directions: the readable closes (or errors with `error`), the writable errors. */
  close(error?: unknown): void;
  counts(): DatagramDropCounts;
}

/**
 * WebTransport datagrams over the session's unreliable datagrams (RFC 9221 DATAGRAM frames on the q2q QUIC
 * connection): unordered, never retransmitted, each sent whole or not at all. Neither side's application ever
 * holds up the other: writes never wait, and unread datagrams beyond the incoming high-water mark are dropped.
 */
export function createDatagramDuplex(): DatagramDuplexControl {
  let session: SessionDatagrams | undefined;
  const maxDatagramSize = () => session?.maxSize ?? MAX_DATAGRAM_SIZE;
  const inbox = new DatagramInbox(defaultHighWaterMark);
  const outbox = new DatagramOutbox(defaultHighWaterMark, maxDatagramSize);
  const duplex: QuicDatagramDuplexStream = {
    readable: inbox.readable,
    writable: outbox.writable,
    get maxDatagramSize() {
      return maxDatagramSize();
    },
    get incomingHighWaterMark() {
      return inbox.limit;
    },
    set incomingHighWaterMark(value: number) {
      inbox.limit = highWaterMark(value);
    },
    get outgoingHighWaterMark() {
      return outbox.limit;
    },
    set outgoingHighWaterMark(value: number) {
      outbox.limit = highWaterMark(value);
    },
  };
  return {
    duplex,
    attach(datagrams) {
      session = datagrams;
      datagrams.ondatagram = (payload) => inbox.deliver(payload);
      outbox.attach(datagrams);
    },
    close(error) {
      if (session) session.ondatagram = undefined;
      inbox.close(error);
      outbox.close(error);
    },
    counts: () => ({ droppedIncoming: inbox.dropped, droppedOutgoing: outbox.dropped }),
  };
}

/** WebTransport treats a high-water mark below 1 as 1 and rejects NaN. */
function highWaterMark(value: number): number {
  if (Number.isNaN(value)) throw new RangeError('a high-water mark must be a number');
  return Math.max(1, Math.floor(value));
}
