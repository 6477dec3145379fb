import { QuicTransportError } from '../../errors/quic-transport-errors.ts';
import { DatagramFrameReader } from './datagram-frames.ts';
import { DatagramInbox } from './datagram-inbox.ts';
import { DatagramOutbox } from './datagram-outbox.ts';

/**
 * QUIC's own minimum datagram size (RFC 9000 §14): what a real DATAGRAM frame could carry on any path, so
 * applications sized for this keep working if datagrams later move to RFC 9221 frames.
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
  /** Dropped unsent because the outgoing queue was full, or lost when the session ended. */
  readonly droppedOutgoing: number;
}

/** The transport's handle on its datagram duplex: feed it peer streams, close it with the session. */
export interface DatagramDuplexControl {
  readonly duplex: QuicDatagramDuplexStream;
  /** Reads a peer's datagram stream to its end; rejects with a 'protocol-violation' on bad framing. */
  receive(readable: ReadableStream<Uint8Array>): Promise<void>;
  /** Ends both directions: the readable closes (or errors with `error`), the writable errors. */
  close(error?: unknown): void;
  counts(): DatagramDropCounts;
}

/**
 * Datagrams carried on one reliable stream per direction, opened on the first write. Why not RFC 9221
 * DATAGRAM frames: @matrixai/quic 2.0.9 has no datagram API; quiche's `dgramSend`/`dgramRecv` sit on its
 * protected native connection, and its receive loop never drains them.
 * Deviation from WebTransport: datagrams that are sent arrive, in order; unreliability shows only as drops
 * when either queue overflows. Neither side ever waits on the other's application: the receiver keeps
 * reading the stream whatever the application does, so only the network paces the sender's stream.
 */
export function createDatagramDuplex(
  openOutgoing: () => Promise<WritableStream<Uint8Array>>,
): DatagramDuplexControl {
  const inbox = new DatagramInbox(defaultHighWaterMark);
  const outbox = new DatagramOutbox(MAX_DATAGRAM_SIZE, defaultHighWaterMark, openOutgoing);
  const duplex: QuicDatagramDuplexStream = {
    readable: inbox.readable,
    writable: outbox.writable,
    maxDatagramSize: MAX_DATAGRAM_SIZE,
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
    async receive(stream) {
      const frames = new DatagramFrameReader(MAX_DATAGRAM_SIZE);
      for await (const chunk of stream) {
        for (const datagram of frames.push(chunk)) inbox.deliver(datagram);
      }
      if (frames.partial) {
        throw new QuicTransportError('protocol-violation', 'datagram stream ended mid-frame');
      }
    },
    close(error) {
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
