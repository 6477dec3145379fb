import { once } from 'node:events';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { BodyCap } from './body-cap.ts';
import { openPeerRequest } from './fetch-from-peer.ts';
import type { LocalHttpsCredentials } from './local-https-tls.ts';
import { isLoopbackRequest, pageOrigin } from './loopback-request.ts';
import { parsePeerProxyPath } from './peer-proxy-path.ts';
import type { PeerEndpoint } from './pinned-connect.ts';
import { forwardRequestHeaders, forwardResponseHeaders } from './proxy-headers.ts';
import { describe, fail, granted, preflight } from './proxy-replies.ts';

/** What the proxy needs to know about peers: who is paired, and where their Local HTTPS service listens. */
export interface LocalHttpsPeers {
  isTrusted(fingerprint: string): boolean;
  endpoint(fingerprint: string): PeerEndpoint | undefined;
}

/**
 * The bridge's per-origin grant check. Called with the request too, so the bridge can check its capability token;
 * CORS preflights (`OPTIONS` with `Access-Control-Request-Method`) carry no custom header and come here as well.
 */
export type PeerGrantCheck = (
  origin: string,
  fingerprint: string,
  request: IncomingMessage,
) => boolean | Promise<boolean>;

export interface PeerProxyOptions {
  /** Our agent identity, presented as the client certificate so the peer knows which agent asks. */
  readonly credentials: LocalHttpsCredentials;
  readonly peers: LocalHttpsPeers;
  readonly isGranted: PeerGrantCheck;
  /** Largest request body forwarded (default 16 MiB); larger ones get 413 and the peer's request is aborted. */
  readonly maxRequestBytes?: number;
  /** Bound on reaching the peer (TCP + TLS), default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Idle bound once connected, default 30 s. */
  readonly idleTimeoutMs?: number;
  /** More request fields never forwarded, e.g. the bridge's capability token header. */
  readonly stripRequestHeaders?: readonly string[];
}

/** A `(request, response)` handler for `node:http` servers; the promise settles when the exchange is over. */
export type PeerProxyHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/**
 * The page proxy of LP2P §Local HTTPS: `http://127.0.0.1:P/peer/<fingerprint>/<path>` on the bridge's loopback
 * server is forwarded over TLS pinned to that peer's agent fingerprint, and the answer streams back. Refuses with
 * 403 a request that is not a loopback one (DNS rebinding), has no `Origin`, or whose origin has no grant for the
 * peer; 404 for a malformed fingerprint or a peer no longer paired; 413 for a body over the cap; 502 when the peer
 * cannot be reached or presents another certificate. Never throws.
 *
 * @example
 * const proxy = createPeerProxy({
 *   credentials: agent.identity,
 *   peers: agentLocalHttpsPeers(agent),
 *   isGranted: (origin, fingerprint) => agent.trustStore.hasGrant(fingerprint, origin),
 * });
 * http.createServer((req, res) => req.url?.startsWith(PEER_PROXY_PREFIX) ? proxy(req, res) : other(req, res));
 */
export function createPeerProxy(options: PeerProxyOptions): PeerProxyHandler {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  return async (request, response) => {
    try {
      await proxy(options, maxBytes, request, response);
    } catch (error) {
      fail(response, 502, describe(error), undefined);
    }
  };
}

async function proxy(
  options: PeerProxyOptions,
  maxBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!isLoopbackRequest(request))
    return fail(response, 403, 'Host must name this loopback server', undefined);
  const target = parsePeerProxyPath(request.url ?? '');
  if (!target) return fail(response, 404, 'expected /peer/<agent fingerprint>/<path>', undefined);
  const origin = pageOrigin(request);
  if (origin === undefined)
    return fail(response, 403, 'a page origin (Origin header) is required', undefined);
  // The grant comes first: an origin without one learns nothing, not even whether the peer is paired.
  if ((await granted(options.isGranted, origin, target.fingerprint, request)) !== true) {
    return fail(response, 403, 'this origin has no grant for this peer', undefined);
  }
  if (!options.peers.isTrusted(target.fingerprint)) return fail(response, 404, 'no such paired peer', origin);
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
    return preflight(request, response, origin);
  }
  const endpoint = options.peers.endpoint(target.fingerprint);
  if (!endpoint) return fail(response, 502, 'the peer advertises no Local HTTPS service', origin);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) return fail(response, 413, `the request body exceeds ${maxBytes} bytes`, origin);

  const abort = new AbortController();
  response.once('close', () => abort.abort());
  let upstream: ClientRequest;
  try {
    upstream = await openPeerRequest({
      endpoint,
      fingerprint: target.fingerprint,
      credentials: options.credentials,
      method: request.method ?? 'GET',
      path: target.path,
      headers: forwardRequestHeaders(request.headers, options.stripRequestHeaders),
      signal: abort.signal,
      timeoutMs: options.connectTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
    });
  } catch (error) {
    return fail(response, 502, describe(error), origin);
  }
  const answered = once(upstream, 'response') as Promise<[IncomingMessage]>;
  // Not `pipeline(request, …)`: that would destroy the page's socket before a 413 could be sent.
  const cap = new BodyCap(maxBytes);
  request.pipe(cap);
  // pipeline() aborts the upstream request when the cap trips; the cap itself says that this was why.
  pipeline(cap, upstream).catch((error: unknown) => upstream.destroy(error as Error));
  let answer: IncomingMessage;
  try {
    [answer] = await answered;
  } catch (error) {
    request.unpipe(cap);
    if (cap.exceeded) return fail(response, 413, `the request body exceeds ${maxBytes} bytes`, origin);
    return fail(response, 502, describe(error), origin);
  }
  response.writeHead(answer.statusCode ?? 502, forwardResponseHeaders(answer.headers, origin));
  await pipeline(answer, response).catch(() => {
    // Either side went away mid-body; the pipeline already destroyed both, so the page sees a cut answer.
  });
}
