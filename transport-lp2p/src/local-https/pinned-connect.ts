import { once } from 'node:events';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { LocalHttpsError } from '../errors/index.ts';
import { agentFingerprint } from '../identity/index.ts';
import { LOCAL_HTTPS_ALPN, type LocalHttpsCredentials, localHttpsTlsOptions } from './local-https-tls.ts';

/** Where a peer's Local HTTPS service listens. */
export interface PeerEndpoint {
  readonly host: string;
  readonly port: number;
  /** TLS `server_name` and HTTP `Host`: the peer's agent hostname, as OSP dials use. */
  readonly serverName?: string;
}

export interface PinnedConnectOptions {
  readonly endpoint: PeerEndpoint;
  /** The agent fingerprint the peer's certificate must hash to (from the trust store). */
  readonly fingerprint: string;
  /** Our agent certificate, presented so the peer can tell who is asking; none when absent. */
  readonly credentials?: LocalHttpsCredentials;
  readonly signal?: AbortSignal;
  /** Bound on the TCP + TLS handshake (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Opens TLS 1.3 to a peer's Local HTTPS service and checks its certificate against the pinned agent fingerprint
 * exactly as OSP dials do (`agentFingerprint`, SHA-256 of the SPKI; osp-network §TLS 1.3), before a single byte of
 * the request is written. Throws {@link LocalHttpsError}: `fingerprint-mismatch`, `protocol-mismatch` (no ALPN
 * `http/1.1`), `unreachable`, `timeout` or `aborted`.
 */
export async function connectPinned(options: PinnedConnectOptions): Promise<TLSSocket> {
  const { endpoint } = options;
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs ?? 10_000),
    ...(options.signal ? [options.signal] : []),
  ]);
  const serverName = endpoint.serverName;
  const socket = connect({
    ...localHttpsTlsOptions(options.credentials),
    host: endpoint.host,
    port: endpoint.port,
    // RFC 6066 §3: SNI carries host names only.
    ...(serverName !== undefined && isIP(serverName) === 0 && { servername: serverName }),
    rejectUnauthorized: false,
  });
  socket.on('error', () => {}); // Surfaced by `once` below, or later by the HTTP request using the socket.
  try {
    await once(socket, 'secureConnect', { signal });
    if (socket.alpnProtocol !== LOCAL_HTTPS_ALPN) {
      throw new LocalHttpsError('protocol-mismatch', 'the peer did not agree on ALPN "http/1.1"');
    }
    const raw = socket.getPeerCertificate(false)?.raw;
    if (!raw || raw.byteLength === 0 || agentFingerprint(raw) !== options.fingerprint) {
      throw new LocalHttpsError(
        'fingerprint-mismatch',
        "the peer's certificate does not match its pinned agent fingerprint",
      );
    }
    return socket;
  } catch (cause) {
    socket.destroy();
    throw toLocalHttpsError(cause, signal, endpoint);
  }
}

function toLocalHttpsError(cause: unknown, signal: AbortSignal, endpoint: PeerEndpoint): LocalHttpsError {
  if (cause instanceof LocalHttpsError) return cause;
  const where = `${endpoint.host}:${endpoint.port}`;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
    return timedOut
      ? new LocalHttpsError('timeout', `no TLS handshake with ${where} in time`, { cause })
      : new LocalHttpsError('aborted', `the connection to ${where} was aborted`, { cause });
  }
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  if (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') {
    return new LocalHttpsError('protocol-mismatch', `${where} speaks no HTTP/1.1 over TLS (ALPN)`, { cause });
  }
  return new LocalHttpsError('unreachable', `cannot reach ${where} (${code})`, { cause });
}
