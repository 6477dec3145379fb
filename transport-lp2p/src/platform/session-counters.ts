/** The mutable tallies behind `Session.stats()`; payload bytes only, not framing or retransmissions. */
export interface SessionCounters {
  bytesSent: number;
  bytesReceived: number;
  streamsOpened: number;
  streamsAccepted: number;
}

export function createSessionCounters(): SessionCounters {
  return { bytesSent: 0, bytesReceived: 0, streamsOpened: 0, streamsAccepted: 0 };
}
