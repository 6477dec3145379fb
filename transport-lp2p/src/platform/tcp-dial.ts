import { once } from 'node:events';
import { type ClientHttp2Session, connect as connectHttp2 } from 'node:http2';
import { connect as connectTls, createSecureContext, type SecureContext } from 'node:tls';
import { SessionError } from '../errors/index.ts';
import { agentFingerprint } from '../identity/index.ts';
import type { DialOptions, Session } from './session.ts';
import { OSP_ALPN } from './session.ts';
import { TcpSession } from './tcp-session.ts';
import { http2SessionOptions, tlsOptions, verifiedPeerDer, widenConnectionWindow } from './tls-options.ts';
import { sharedTlsSessions, type TlsSessionCache } from './tls-session-cache.ts';

/**
 * Dials an OSP agent over TLS 1.3 + HTTP/2 and authenticates it by its agent fingerprint. Resolves once the
 * listener has also accepted our certificate (its HTTP/2 SETTINGS arrived).
 *
 * @example
 * const session = await dialTcp({ host: '127.0.0.1', port, serverName, credentials, expectedFingerprint });
 */
export async function dialTcp(
  options: DialOptions & { readonly tlsSessions?: TlsSessionCache },
): Promise<Session> {
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs ?? 10_000),
    ...(options.signal ? [options.signal] : []),
  ]);
  // A ticket from an earlier session with the same pinned agent at the same address resumes it (no 0-RTT).
  const sessions = options.tlsSessions ?? sharedTlsSessions;
  // Keyed by our own certificate too: a resumed session carries the identity it was made with, so two local
  // identities sharing a cache must never resume each other's sessions.
  const key = tlsSessionKey(options);
  const resume = sessions.take(key);
  const socket = connectTls({
    ...tlsOptions(options.credentials),
    secureContext: secureContextFor(options.credentials),
    host: options.host,
    port: options.port,
    servername: options.serverName,
    ...(resume ? { session: Buffer.from(resume.ticket) } : {}),
  });
  socket.on('error', () => {}); // surfaced by `once` below or by the session's 'close'
  // Tickets are kept only once the certificate checked out; one that arrives before that waits for it.
  let pinned: Uint8Array | undefined;
  const early: Uint8Array[] = [];
  socket.on('session', (ticket: Buffer) => {
    if (pinned) sessions.put(key, new Uint8Array(ticket), pinned);
    else if (early.length < 4) early.push(new Uint8Array(ticket));
  });
  try {
    await once(socket, 'secureConnect', { signal });
    // A resumed handshake carries no certificate; it proves the peer holds the secrets of the earlier session,
    // whose certificate was checked against this same pin.
    const der =
      verifiedPeerDer(socket) ??
      (resume && socket.isSessionReused() && socket.alpnProtocol === OSP_ALPN
        ? resume.certificateDer
        : undefined);
    if (!der)
      throw new SessionError('handshake-failed', 'peer sent no certificate or did not agree on ALPN "osp"');
    if (agentFingerprint(der) !== options.expectedFingerprint) {
      throw new SessionError(
        'fingerprint-mismatch',
        'peer certificate does not match the expected fingerprint',
      );
    }
    pinned = der;
    if (resume) {
      sessions.stats.offered++;
      if (socket.isSessionReused()) sessions.stats.resumed++;
    }
    for (const ticket of early.splice(0)) sessions.put(key, ticket, der);
    const h2 = connectHttp2(`https://${options.serverName}`, {
      ...http2SessionOptions,
      createConnection: () => socket,
    });
    h2.on('error', () => {});
    await admitted(h2, signal).catch((cause: unknown) => {
      h2.destroy();
      throw cause;
    });
    widenConnectionWindow(h2);
    return new TcpSession({ ...options, h2, socket, isClient: true, remoteCertificate: der });
  } catch (cause) {
    socket.destroy();
    throw toSessionError(cause, signal);
  }
}

/** Whose tickets: our certificate's fingerprint, the pinned peer's, and the address dialled. */
export function tlsSessionKey(
  options: Pick<DialOptions, 'credentials' | 'expectedFingerprint' | 'host' | 'port'>,
) {
  const local = agentFingerprint(options.credentials.certificateDer);
  return `${local}>${options.expectedFingerprint}@${options.host}:${options.port}`;
}

/** One TLS context per credentials: parsing the PEM key and certificate on every dial costs about 0.3 ms. */
const contexts = new WeakMap<DialOptions['credentials'], SecureContext>();

function secureContextFor(credentials: DialOptions['credentials']): SecureContext {
  let context = contexts.get(credentials);
  if (!context) {
    context = createSecureContext(tlsOptions(credentials));
    contexts.set(credentials, context);
  }
  return context;
}

/** The listener sends SETTINGS only after `verifyPeer` admitted us; a refusal shows as the socket closing. */
function admitted(h2: ClientHttp2Session, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const refused = () =>
      reject(new SessionError('handshake-failed', 'the listener refused our certificate'));
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    h2.once('close', refused);
    h2.once('remoteSettings', () => {
      h2.off('close', refused);
      signal.removeEventListener('abort', abort);
      resolve();
    });
  });
}

function toSessionError(cause: unknown, signal: AbortSignal): SessionError {
  if (cause instanceof SessionError) return cause;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
    return new SessionError(timedOut ? 'timeout' : 'aborted', 'TCP session handshake did not finish', {
      cause,
    });
  }
  return new SessionError('handshake-failed', 'TCP session handshake failed', { cause });
}
