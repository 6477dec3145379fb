import { performServerHandshake } from 'node:http2';
import { createServer, type TLSSocket } from 'node:tls';
import { agentFingerprint } from '../identity/index.ts';
import { createIncomingQueue } from './incoming-queue.ts';
import type { ListenOptions, Session, SessionListener } from './session.ts';
import { TcpSession } from './tcp-session.ts';
import { http2SessionOptions, tlsOptions, verifiedPeerDer, widenConnectionWindow } from './tls-options.ts';

/**
 * Listens for OSP sessions over TLS 1.3 + HTTP/2. A client is admitted only if `verifyPeer` accepts its
 * certificate; otherwise the connection is dropped before HTTP/2 starts, so no stream can reach the caller.
 *
 * @example
 * const listener = await listenTcp({ host: '127.0.0.1', credentials, verifyPeer: (fp) => fp === known });
 */
export async function listenTcp(options: ListenOptions): Promise<SessionListener> {
  const incoming = createIncomingQueue<Session>();
  const sessions = new Set<Session>();
  const server = createServer({ ...tlsOptions(options.credentials), requestCert: true });
  server.on('tlsClientError', () => {}); // a failed handshake concerns only that client
  server.on('secureConnection', (socket: TLSSocket) => {
    socket.on('error', () => {});
    const der = verifiedPeerDer(socket);
    if (!der || !admits(options, der)) {
      socket.destroy();
      return;
    }
    const h2 = performServerHandshake(socket, http2SessionOptions);
    h2.on('error', () => {});
    widenConnectionWindow(h2);
    const session = new TcpSession({ ...options, h2, socket, isClient: false, remoteCertificate: der });
    sessions.add(session);
    void session.closed.then(() => sessions.delete(session));
    if (!incoming.push(session)) void session.close(0, 'listener closed');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    incomingSessions: incoming.readable,
    async close() {
      incoming.end();
      const stopped = new Promise((resolve) => server.close(resolve));
      await Promise.all([...sessions].map((s) => s.close(0, 'listener closed')));
      await stopped;
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
