import type { SessionStats } from '../../platform/session.ts';
import type { DatagramDropCounts } from './datagram-duplex.ts';

/**
 * The parts of WebTransportStats (W3C WebTransport §WebTransportStats) a q2q session can report. Byte
 * counts are application bytes on streams (stream-kind bytes and datagram frames included), not packets.
 */
export interface QuicTransportStats {
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly numOutgoingStreamsCreated: number;
  readonly numIncomingStreamsCreated: number;
  /** Smoothed round-trip time in ms, where the transport knows it. */
  readonly smoothedRtt?: number;
  readonly datagrams: DatagramDropCounts & {
    /** WebTransport's outgoingMaxAge is not implemented, so nothing expires: always 0. */
    readonly expiredOutgoing: number;
    /** Datagrams ride a reliable stream, so none are lost once sent: always 0. */
    readonly lostOutgoing: number;
  };
}

export function statsOf(session: SessionStats | undefined, drops: DatagramDropCounts): QuicTransportStats {
  return {
    bytesSent: session?.bytesSent ?? 0,
    bytesReceived: session?.bytesReceived ?? 0,
    numOutgoingStreamsCreated: session?.streamsOpened ?? 0,
    numIncomingStreamsCreated: session?.streamsAccepted ?? 0,
    ...(session?.rttMs === undefined ? {} : { smoothedRtt: session.rttMs }),
    datagrams: { ...drops, expiredOutgoing: 0, lostOutgoing: 0 },
  };
}
