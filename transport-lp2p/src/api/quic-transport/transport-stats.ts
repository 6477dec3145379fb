import type { SessionStats } from '../../platform/index.ts';
import type { DatagramDropCounts } from './datagram-duplex.ts';

/**
 * The parts of WebTransportStats (W3C WebTransport §WebTransportStats) a q2q session can report. Byte
 * counts are application bytes on streams (stream-kind bytes included), not datagrams or packets.
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
  };
}

export function statsOf(session: SessionStats | undefined, drops: DatagramDropCounts): QuicTransportStats {
  return {
    bytesSent: session?.bytesSent ?? 0,
    bytesReceived: session?.bytesReceived ?? 0,
    numOutgoingStreamsCreated: session?.streamsOpened ?? 0,
    numIncomingStreamsCreated: session?.streamsAccepted ?? 0,
    ...(session?.rttMs === undefined ? {} : { smoothedRtt: session.rttMs }),
    datagrams: { ...drops, expiredOutgoing: 0 },
  };
}
