import type { QUICConnection } from '@matrixai/quic';

/** The native quiche connection under @matrixai/quic 2.x's QUICConnection (internal in its typings). */
interface NativePaths {
  readonly conn: { pathStats(): Iterable<{ readonly active: boolean; readonly rtt: number }> };
}

/**
 * quiche's smoothed round-trip time (RFC 9002 §5.3) on the connection's active path, in whole
 * milliseconds as the binding truncates it (loopback reads 0), or undefined when the connection no longer
 * has one (closed) or the library changed shape.
 */
export function quicRttMs(connection: QUICConnection): number | undefined {
  try {
    for (const path of (connection as unknown as NativePaths).conn.pathStats()) {
      if (path.active && Number.isFinite(path.rtt)) return path.rtt;
    }
  } catch {
    // A closed connection has no paths to report; stats() must not throw.
  }
  return undefined;
}
