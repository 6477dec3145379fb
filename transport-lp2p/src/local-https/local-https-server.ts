import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { agentFingerprint } from '../identity/index.ts';
import { type LocalHttpsCredentials, localHttpsTlsOptions } from './local-https-tls.ts';

export type LocalHttpsHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface LocalHttpsServerOptions {
  /** The agent identity (`OspAgent.identity`): its certificate is the server certificate, as is. */
  readonly identity: LocalHttpsCredentials;
  /** Address to listen on; all interfaces when absent. A LAN service normally listens on the agent's interface. */
  readonly host?: string;
  /** TCP port; 0 or absent: any free port (read it from {@link LocalHttpsServer.port}). */
  readonly port?: number;
  readonly handler: LocalHttpsHandler;
  /**
   * Which clients may send requests, by the agent fingerprint of the client certificate they presented
   * (`undefined`: none). Absent: everyone, as for any web server; clients are not authenticated then.
   */
  readonly admitClient?: (fingerprint: string | undefined) => boolean;
  /** Open connections at most (default 256): a bound for a service that anyone on the LAN can reach. */
  readonly maxConnections?: number;
}

export interface LocalHttpsServer {
  readonly port: number;
  /** Replaces the certificate and key for new connections, e.g. after `IdentityStore.rotate()`. */
  setIdentity(identity: LocalHttpsCredentials): void;
  /** Stops accepting, ends idle connections and resolves once every connection has closed. */
  close(): Promise<void>;
}

const clientFingerprints = new WeakMap<TLSSocket, string | undefined>();

/**
 * The agent fingerprint of the certificate the client of this request presented, or `undefined` when it presented
 * none. A peer agent's client (`fetchFromPeer`, the page proxy) presents its agent certificate, so a handler can
 * tell paired peers (`trustStore.isAuthenticated(fingerprint)`) from anyone else.
 */
export function clientFingerprint(request: IncomingMessage): string | undefined {
  const socket = request.socket as TLSSocket;
  if (clientFingerprints.has(socket)) return clientFingerprints.get(socket);
  const raw =
    typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate(false)?.raw : undefined;
  let fingerprint: string | undefined;
  try {
    fingerprint = raw && raw.byteLength > 0 ? agentFingerprint(raw) : undefined;
  } catch {
    fingerprint = undefined; // A certificate Node accepted but we cannot read: treat as none.
  }
  clientFingerprints.set(socket, fingerprint);
  return fingerprint;
}

/**
 * Serves HTTPS on the LAN with the agent certificate (LP2P §Local HTTPS): a peer that paired with this agent
 * pins the same SPKI fingerprint it pins for OSP sessions, so no CA and no warning is involved. TLS 1.3 only,
 * ALPN `http/1.1`. The client certificate is asked for but optional; see {@link clientFingerprint}.
 *
 * @example
 * const server = await serveLocalHttps({ identity: agent.identity, host: '10.0.0.2', handler: (req, res) => res.end('hi') });
 * // advertise server.port: OspAgentOptions.localHttpsPort (TXT key `https`)
 */
export async function serveLocalHttps(options: LocalHttpsServerOptions): Promise<LocalHttpsServer> {
  const admit = options.admitClient;
  const admitted = (request: IncomingMessage) => {
    if (!admit) return true;
    try {
      return admit(clientFingerprint(request)) === true;
    } catch {
      return false; // A throwing policy must not crash the server on remote input.
    }
  };
  const server = createServer(
    { ...localHttpsTlsOptions(options.identity), requestCert: true, rejectUnauthorized: false },
    (request, response) => {
      if (!admitted(request)) {
        request.socket.destroy();
        return;
      }
      options.handler(request, response);
    },
  );
  server.maxConnections = options.maxConnections ?? 256;
  server.on('tlsClientError', () => {}); // A failed handshake concerns only that client.
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
    setIdentity(identity) {
      server.setSecureContext({ ...localHttpsTlsOptions(identity) });
    },
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return closed;
    },
  };
}
