import { once } from 'node:events';
import { type ClientHttp2Session, connect as connectHttp2 } from 'node:http2';
import { connect as connectTls } from 'node:tls';
import { SessionError } from '../errors/index.ts';
import { agentFingerprint } from '../identity/index.ts';
import type { DialOptions, Session } from './session.ts';
import { TcpSession } from './tcp-session.ts';
import { http2SessionOptions, tlsOptions, verifiedPeerDer, widenConnectionWindow } from './tls-options.ts';

/**
 * Dials an OSP agent over TLS 1.3 + HTTP/2 and authenticates it by its agent fingerprint. Resolves once the
 * listener has also accepted our certificate (its HTTP/2 SETTINGS arrived).
 *
 * @example
 * const session = await dialTcp({ host: '127.0.0.1', port, serverName, credentials, expectedFingerprint });
 */
export async function dialTcp(options: DialOptions): Promise<Session> {
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs ?? 10_000),
    ...(options.signal ? [options.signal] : []),
  ]);
  const socket = connectTls({
    ...tlsOptions(options.credentials),
    host: options.host,
    port: options.port,
    servername: options.serverName,
  });
  socket.on('error', () => {}); // surfaced by `once` below or by the session's 'close'
  try {
    await once(socket, 'secureConnect', { signal });
    const der = verifiedPeerDer(socket);
    if (!der)
      throw new SessionError('handshake-failed', 'peer sent no certificate or did not agree on ALPN "osp"');
    if (agentFingerprint(der) !== options.expectedFingerprint) {
      throw new SessionError(
        'fingerprint-mismatch',
        'peer certificate does not match the expected fingerprint',
      );
    }
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
