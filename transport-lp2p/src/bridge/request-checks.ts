import type { IncomingMessage } from 'node:http';

/** The names a loopback request may use for the bridge, with its port (docs/security.md §DNS rebinding). */
export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * Whether the request's `Host` is one of the loopback names with the bridge's port. A page on `evil.example` whose
 * name was rebound to 127.0.0.1 still sends `Host: evil.example`, so it is refused.
 */
export function hostAllowed(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const host = request.headers.host;
  return typeof host === 'string' && hosts.has(host.toLowerCase());
}

/**
 * The page origin of a WebSocket handshake, or undefined when it is missing, opaque ("null"), not a serialised
 * http(s) origin, or one of the bridge's own (the trusted UI's origin is never an app's).
 */
export function pageOrigin(request: IncomingMessage, hosts: ReadonlySet<string>): string | undefined {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.origin !== origin) return undefined;
  if (hosts.has(url.host)) return undefined;
  return origin;
}

/**
 * Whether a request to the trusted UI's own endpoints comes from the UI's own pages: `Origin` (when sent, and always
 * for POST) is the UI's, and `Sec-Fetch-Site` (when sent) says same-origin.
 */
export function fromTrustedUi(request: IncomingMessage, uiOrigins: ReadonlySet<string>): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return request.method === 'GET';
  return typeof origin === 'string' && uiOrigins.has(origin);
}
