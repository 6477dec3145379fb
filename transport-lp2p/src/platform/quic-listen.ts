import { events, QUICServer } from '@matrixai/quic';
import { agentFingerprint } from '../identity/index.ts';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS } from './handshake-limits.ts';
import { createIncomingQueue } from './incoming-queue.ts';
import { type QuicTuning, quicConfig, serverCrypto } from './quic-config.ts';
import { QuicSession } from './quic-session.ts';
import { startQuicSocket } from './quic-socket.ts';
import { quietLogger } from './quiet-logger.ts';
import type { ListenOptions, Session, SessionListener } from './session.ts';

/**
 * Listens for OSP sessions over QUIC. `verifyPeer` runs inside the TLS handshake; a refused client's
 * connection never starts, so no session or stream reaches the caller.
 *
 * @example
 * const listener = await listenQuic({ host: '127.0.0.1', credentials, verifyPeer: (fp) => fp === known });
 */
export async function listenQuic(options: ListenOptions & QuicTuning): Promise<SessionListener> {
  const incoming = createIncomingQueue<Session>();
  const sessions = new Set<Session>();
  const socket = await startQuicSocket(options.host, options.port ?? 0);
  const server = new QUICServer({
    socket,
    crypto: serverCrypto(),
    config: quicConfig(options, (der) => admits(options, der)),
    logger: quietLogger,
    // A handshake that has not finished by then is dropped (the library's default waits for ever).
    minIdleTimeout: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
  });
  server.addEventListener(events.EventQUICServerConnection.name, (event: Event) => {
    const connection = (event as events.EventQUICServerConnection).detail;
    const session = new QuicSession(
      connection,
      false,
      (errorCode, reason) => connection.stop({ isApp: true, errorCode, reason, force: true }),
      options.datagrams,
    );
    sessions.add(session);
    void session.closed.then(() => sessions.delete(session));
    if (!incoming.push(session)) void session.close(0, 'listener closed');
  });
  await server.start();
  return {
    port: server.port,
    incomingSessions: incoming.readable,
    async close() {
      incoming.end();
      await Promise.all([...sessions].map((s) => s.close(0, 'listener closed')));
      await server.stop({ isApp: true, errorCode: 0, force: true });
      await socket.stop({ force: true });
    },
  };
}

function admits(options: ListenOptions, der: Uint8Array): boolean {
  try {
    return options.verifyPeer(agentFingerprint(der), der) === true;
  } catch {
    return false; // a throwing policy must not crash the listener on remote input
  }
}
