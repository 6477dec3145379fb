import { once } from 'node:events';
import { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, request } from 'node:http';
import { isIPv6 } from 'node:net';
import { LocalHttpsError } from '../errors/index.ts';
import { connectPinned, type PinnedConnectOptions } from './pinned-connect.ts';

export interface PeerRequestOptions extends PinnedConnectOptions {
  readonly method?: string;
  /** Path and query, starting with `/`. */
  readonly path?: string;
  readonly headers?: OutgoingHttpHeaders;
  /** Closes the connection when no byte moves either way for this long (default 30 s). */
  readonly idleTimeoutMs?: number;
}

/**
 * Opens an HTTP/1.1 request to a peer's Local HTTPS service over a pinned connection ({@link connectPinned}). The
 * caller writes the body and ends the request, then reads `'response'`. One connection per request: the pin is
 * checked on every connection, and nothing is pooled across peers.
 */
export async function openPeerRequest(options: PeerRequestOptions): Promise<ClientRequest> {
  const path = options.path ?? '/';
  if (!path.startsWith('/')) throw new LocalHttpsError('invalid-argument', 'path must start with "/"');
  const socket = await connectPinned(options);
  const idleMs = options.idleTimeoutMs ?? 30_000;
  socket.setTimeout(idleMs, () =>
    socket.destroy(new LocalHttpsError('timeout', `the peer was silent for ${idleMs} ms`)),
  );
  const { endpoint } = options;
  const outgoing = request({
    method: options.method ?? 'GET',
    path,
    headers: { ...options.headers, host: endpoint.serverName ?? hostHeader(endpoint.host, endpoint.port) },
    createConnection: () => socket,
    ...(options.signal && { signal: options.signal }),
  });
  outgoing.on('error', () => {}); // Callers learn of failures through 'response' waits or their pipelines.
  return outgoing;
}

/**
 * Fetches from a paired peer's Local HTTPS service, accepting only the certificate with the pinned agent fingerprint:
 * no CA, no warning. The response body streams; read it to the end or destroy it.
 *
 * @example
 * const response = await fetchFromPeer({
 *   endpoint: { host: '10.0.0.2', port: 8443, serverName: peer.hostname },
 *   fingerprint: peer.fingerprint,
 *   credentials: agent.identity,
 *   path: '/status',
 * });
 */
export async function fetchFromPeer(
  options: PeerRequestOptions & { readonly body?: string | Uint8Array },
): Promise<IncomingMessage> {
  const outgoing = await openPeerRequest(options);
  const answered = once(outgoing, 'response') as Promise<[IncomingMessage]>;
  outgoing.end(options.body);
  try {
    const [response] = await answered;
    return response;
  } catch (cause) {
    outgoing.destroy();
    if (cause instanceof LocalHttpsError) throw cause;
    throw new LocalHttpsError('unreachable', 'the peer closed the connection before answering', { cause });
  }
}

/** RFC 9110 §7.2: an IPv6 literal in `Host` is bracketed. */
function hostHeader(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
