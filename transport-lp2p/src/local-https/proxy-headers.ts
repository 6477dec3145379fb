import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 connection-specific fields, plus the non-standard ones proxies drop too. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** The page's credentials for the bridge's origin: never sent to a peer. */
const PAGE_CREDENTIALS = ['cookie', 'authorization'];

/** Fields the peer must not set on the bridge's origin (`127.0.0.1:P`, shared by every proxied peer and app). */
const PEER_MUST_NOT_SET =
  /^(set-cookie|set-cookie2|access-control-.*|content-security-policy.*|clear-site-data)$/;

function connectionTokens(headers: IncomingHttpHeaders): string[] {
  const value = headers.connection;
  return (value ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token.length > 0);
}

/** What the page sent, minus hop-by-hop fields, the page's cookies and authorization, and `extra` names. */
export function forwardRequestHeaders(
  headers: IncomingHttpHeaders,
  extra: readonly string[] = [],
): OutgoingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...PAGE_CREDENTIALS, ...connectionTokens(headers)]);
  for (const name of extra) drop.add(name.toLowerCase());
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name)) out[name] = value;
  }
  return out;
}

/**
 * What the peer answered, minus hop-by-hop fields and anything that would act on the bridge's origin (cookies,
 * CORS, CSP), plus the CORS answer for the granted `origin` and a sandbox: a proxied document runs in an opaque
 * origin, never as the bridge (see docs/security.md, Local HTTPS).
 */
export function forwardResponseHeaders(headers: IncomingHttpHeaders, origin: string): OutgoingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...connectionTokens(headers)]);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name) && !PEER_MUST_NOT_SET.test(name)) out[name] = value;
  }
  const vary = typeof out.vary === 'string' && out.vary.length > 0 ? `${out.vary}, Origin` : 'Origin';
  return { ...out, ...corsHeaders(origin), vary };
}

/** CORS for a granted origin (no credentials: the proxy strips them anyway), and the sandbox. */
export function corsHeaders(origin: string): OutgoingHttpHeaders {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': '*',
    'content-security-policy': 'sandbox allow-scripts allow-forms',
    'x-content-type-options': 'nosniff',
    vary: 'Origin',
  };
}
