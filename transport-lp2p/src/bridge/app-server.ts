import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { appHeaders } from './app-headers.ts';
import { hostAllowed, loopbackHosts } from './request-checks.ts';

/** One web app `offgrid up` serves: its id (the path), its title and its built files, keyed by path under `/<id>/`. */
export interface HostedApp {
  readonly id: string;
  readonly title: string;
  readonly files: ReadonlyMap<string, { readonly body: Uint8Array; readonly contentType: string }>;
}

/** The sync socket's subprotocols: the wire, and `offgrid-token.<token>` (a page cannot set other headers). */
export const APP_SYNC_PROTOCOL = 'offgrid-sync.v1';
export const APP_TOKEN_PROTOCOL_PREFIX = 'offgrid-token.';
/** Largest sync frame: the sync wire's own limit (64 MiB). */
const MAX_SYNC_FRAME = 64 * 1024 * 1024;

export interface AppServerOptions {
  readonly app: HostedApp;
  readonly bridgePort: number;
  /** Whether `token` is `origin`'s capability token (the bridge's). */
  readonly verifyToken: (origin: string, token: string) => boolean;
  /** An authenticated page socket for this app; the server closes it when it stops. */
  readonly onSyncSocket: (socket: WebSocket) => void;
  /**
   * An authenticated request under `/<id>/api/` (its blobs): `Host`, `Origin` and the token in
   * `Authorization: Bearer` already checked, the body not read yet; `path` is what follows `/<id>/api/`. Without
   * it those paths are 404.
   */
  readonly onApiRequest?: (request: IncomingMessage, response: ServerResponse, path: string) => void;
  readonly maxSockets?: number;
}

/**
 * Serves one app on a loopback port of its own, so the app has an origin of its own (`http://127.0.0.1:P`): its
 * files under `/<id>/`, `/<id>/agent.json` (where the bridge and the trusted UI are), and the sync socket at
 * `/<id>/sync`, whose handshake is refused with 403 — before any state changes — unless `Host` is a loopback
 * name with this port, `Origin` is this app's origin, and the token subprotocol carries that origin's token.
 */
export class AppServer {
  readonly port: number;
  readonly url: string;
  readonly #servers: Server[];
  readonly #options: AppServerOptions;
  readonly #hosts: Set<string>;
  readonly #origins: Set<string>;
  readonly #wss: WebSocketServer;

  static async start(options: AppServerOptions, port: number): Promise<AppServer> {
    const first = await listen('127.0.0.1', port);
    const chosen = (first.address() as { port: number }).port;
    const servers = [first];
    await listen('::1', chosen).then(
      (server) => servers.push(server),
      () => {},
    );
    return new AppServer(options, servers, chosen);
  }

  private constructor(options: AppServerOptions, servers: Server[], port: number) {
    this.#options = options;
    this.#servers = servers;
    this.port = port;
    this.url = `http://127.0.0.1:${port}/${options.app.id}/`;
    this.#hosts = loopbackHosts(port);
    this.#origins = new Set([...this.#hosts].map((host) => `http://${host}`));
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_SYNC_FRAME,
      handleProtocols: () => APP_SYNC_PROTOCOL,
    });
    for (const server of servers) {
      server.on('request', (request, response) => this.#serve(request, response));
      server.on('upgrade', (request, socket, head) => this.#upgrade(request, socket, head));
    }
  }

  get socketCount(): number {
    return this.#wss.clients.size;
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = this.#refusal(request);
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#options.onSyncSocket(ws));
  }

  /** Why a sync handshake is refused (DNS rebinding, cross-site, no token, floods), or undefined. */
  #refusal(request: IncomingMessage): string | undefined {
    if (!hostAllowed(request, this.#hosts)) return '403 Forbidden';
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path !== `/${this.#options.app.id}/sync`) return '404 Not Found';
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !this.#origins.has(origin)) return '403 Forbidden';
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const token = offered
      .find((p) => p.startsWith(APP_TOKEN_PROTOCOL_PREFIX))
      ?.slice(APP_TOKEN_PROTOCOL_PREFIX.length);
    if (!offered.includes(APP_SYNC_PROTOCOL) || token === undefined) return '403 Forbidden';
    if (!this.#options.verifyToken(origin, token)) return '403 Forbidden';
    if (this.#wss.clients.size >= (this.#options.maxSockets ?? 32)) return '429 Too Many Requests';
    return undefined;
  }

  /**
   * Whether an API request comes from this app's page (docs/security.md §App pages): the origin's token in
   * `Authorization: Bearer` (a page of another origin cannot read it, and cannot send the header without a CORS
   * preflight, which is never answered); `Origin`, which browsers send on every write and on cross-origin reads,
   * must be this app's, and is required for anything but GET and HEAD (a same-origin read carries none);
   * `Sec-Fetch-Site`, when sent, must say same-origin.
   */
  #apiAllowed(request: IncomingMessage): boolean {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    const origin = request.headers.origin;
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (origin === undefined ? !read : !this.#origins.has(origin)) return false;
    const auth = request.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const page = origin ?? `http://${(request.headers.host ?? '').toLowerCase()}`;
    return token !== '' && this.#origins.has(page) && this.#options.verifyToken(page, token);
  }

  #serve(request: IncomingMessage, response: ServerResponse): void {
    const { app, bridgePort } = this.#options;
    const headers = appHeaders(this.port, bridgePort);
    const end = (status: number, text: string) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    if (!hostAllowed(request, this.#hosts)) {
      end(403, 'forbidden host');
      return;
    }
    const api = `/${app.id}/api/`;
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    if (pathname.startsWith(api) && this.#options.onApiRequest !== undefined) {
      if (!this.#apiAllowed(request)) {
        end(403, 'forbidden');
        return;
      }
      this.#options.onApiRequest(request, response, pathname.slice(api.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      end(405, 'GET only');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/' || path === `/${app.id}`) {
      response.writeHead(302, { ...headers, Location: `/${app.id}/` });
      response.end();
      return;
    }
    if (path === `/${app.id}/agent.json`) {
      const bridge = `127.0.0.1:${bridgePort}`;
      const info = {
        v: 1,
        app: app.id,
        bridge: `ws://${bridge}/lp2p`,
        ui: `http://${bridge}/`,
        module: `http://${bridge}/lp2p.js`,
      };
      response.writeHead(200, {
        ...headers,
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      });
      response.end(JSON.stringify(info));
      return;
    }
    const prefix = `/${app.id}/`;
    if (!path.startsWith(prefix)) {
      end(404, 'not found');
      return;
    }
    const name = path === prefix ? 'index.html' : path.slice(prefix.length);
    const file = app.files.get(name);
    if (file === undefined) {
      end(404, 'not found');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }
}

function listen(host: string, port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
