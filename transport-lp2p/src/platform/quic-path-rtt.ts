import type { QUICConnection } from '@matrixai/quic';
import { connectionInternals } from './quic-internals.ts';

/**
 * quiche's smoothed round-trip time (RFC 9002 §5.3) on the connection's active path, in whole
 * milliseconds as the binding truncates it (loopback reads 0), or undefined when the connection no longer
 * has one (closed). Throws SessionError `unsupported` if the library changed shape (quic-internals.ts).
 */
export function quicRttMs(connection: QUICConnection): number | undefined {
  const { conn } = connectionInternals(connection);
  try {
    for (const path of conn.pathStats()) {
      if (path.active && Number.isFinite(path.rtt)) return path.rtt;
    }
  } catch {
    // A closed connection has no paths to report; stats() must not throw.
  }
  return undefined;
}
