import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether a request reached the loopback server the way a page on this device sends it: from a loopback address,
 * with a `Host` naming loopback and the port it arrived on. Anything else (a DNS-rebound name, a LAN client) is
 * refused, as the bridge refuses it.
 */
export function isLoopbackRequest(request: IncomingMessage): boolean {
  const remote = request.socket.remoteAddress;
  if (remote === undefined || !LOOPBACK_ADDRESSES.has(remote)) return false;
  const host = request.headers.host?.toLowerCase();
  const port = request.socket.localPort;
  if (host === undefined || port === undefined) return false;
  return LOOPBACK_NAMES.some((name) => host === `${name}:${port}` || (port === 80 && host === name));
}

/**
 * The page's origin from the `Origin` header the browser set, serialized as the URL standard does, or
 * `undefined` when it is missing, opaque (`null`) or not an origin.
 */
export function pageOrigin(request: IncomingMessage): string | undefined {
  const value = request.headers.origin;
  if (value === undefined || value.length > 2048 || value === 'null') return undefined;
  try {
    const url = new URL(value);
    return url.origin !== 'null' && url.origin === value ? value : undefined;
  } catch {
    return undefined;
  }
}
