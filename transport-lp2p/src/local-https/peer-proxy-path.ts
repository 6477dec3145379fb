import { isAgentFingerprint } from '../identity/index.ts';

/** Where the page proxy is mounted on the bridge's loopback server. */
export const PEER_PROXY_PREFIX = '/peer/';

/** What a proxy URL names: the peer and the path (with query) on its Local HTTPS service. */
export interface PeerProxyTarget {
  readonly fingerprint: string;
  readonly path: string;
}

const BASE64URL_FINGERPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The proxy path for a peer: `/peer/<fingerprint>/<path>`. Agent fingerprints are standard base64 (with `/`, `+`,
 * `=`), so the URL carries them as base64url without padding (RFC 4648 §5): 43 characters, one path segment.
 *
 * @example
 * peerProxyPath('q7Yd…/x+A=', '/photos?page=2'); // '/peer/q7Yd…_x-A/photos?page=2'
 */
export function peerProxyPath(fingerprint: string, path = '/'): string {
  const segment = fingerprint.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${PEER_PROXY_PREFIX}${segment}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Reads a request target `/peer/<fingerprint>[/path][?query]`. The fingerprint may be base64url (as
 * {@link peerProxyPath} writes it) or percent-encoded standard base64. Returns `undefined` for anything else.
 */
export function parsePeerProxyPath(url: string): PeerProxyTarget | undefined {
  if (!url.startsWith(PEER_PROXY_PREFIX)) return undefined;
  const rest = url.slice(PEER_PROXY_PREFIX.length);
  const end = rest.search(/[/?]/);
  const segment = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const fingerprint = decodeFingerprint(segment);
  if (fingerprint === undefined) return undefined;
  return { fingerprint, path: tail.startsWith('/') ? tail : `/${tail}` };
}

function decodeFingerprint(segment: string): string | undefined {
  if (BASE64URL_FINGERPRINT.test(segment)) return `${segment.replace(/-/g, '+').replace(/_/g, '/')}=`;
  if (segment.length > 3 * 44) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return isAgentFingerprint(decoded) ? decoded : undefined;
}
