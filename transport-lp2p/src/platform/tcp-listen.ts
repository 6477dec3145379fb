import { performServerHandshake } from 'node:http2';
import type { Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { agentFingerprint } from '../identity/index.ts';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, PendingHandshakes } from './handshake-limits.ts';
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
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const server = createServer({ ...tlsOptions(options.credentials), requestCert: true });
  const pending = new PendingHandshakes(options);
  // Handshakes in progress by source address and port (the TLS socket reports the same pair as the raw one).
  const handshaking = new Map<string, () => void>();
  server.on('connection', (raw: Socket) => {
    const key = `${raw.remoteAddress}|${raw.remotePort}`;
    const release = pending.tryStart(raw.remoteAddress ?? '');
    if (!release) {
      raw.destroy();
      return;
    }
    // A socket that never starts (or never finishes) TLS is dropped. Node's own `handshakeTimeout` does not fire
    // for a client that sends nothing at all (checked on Node 24), hence a timer of our own.
    const timer = setTimeout(() => raw.destroy(), handshakeTimeoutMs);
    const done = () => {
      clearTimeout(timer);
      release();
    };
    handshaking.set(key, done);
    raw.once('close', () => {
      done();
      if (handshaking.get(key) === done) handshaking.delete(key);
    });
  });
  server.on('tlsClientError', () => {}); // a failed handshake concerns only that client
  server.on('secureConnection', (socket: TLSSocket) => {
    const key = `${socket.remoteAddress}|${socket.remotePort}`;
    handshaking.get(key)?.();
    handshaking.delete(key);
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
