import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { OspAgent } from '../agent/index.ts';
import { LocalPeerManager } from '../api/index.ts';
import { BRIDGE_PATH, MAX_FRAME_BYTES, PEER_TOKEN_HEADER } from '../browser/index.ts';
import {
  agentLocalHttpsPeers,
  createPeerProxy,
  PEER_PROXY_PREFIX,
  type PeerProxyHandler,
} from '../local-https/node.ts';
import { browserBundle } from './browser-bundle.ts';
import { OriginTokens } from './origin-tokens.ts';
import { defaultPageLimits, type PageLimits, PageSession } from './page-session.ts';
import type { PromptBoard } from './prompt-board.ts';
import { fromTrustedUi, hostAllowed, loopbackHosts, pageOrigin } from './request-checks.ts';
import { type TrustedUiState, uiAsset, uiHeaders } from './trusted-ui.ts';
import type { UiPromptDelegate } from './ui-prompt-delegate.ts';

export interface LocalBridgeOptions {
  /** The agent, started with `prompt` (so pairing prompts reach the trusted UI too) and without advertising. */
  readonly agent: OspAgent;
  readonly prompt: UiPromptDelegate;
  readonly board: PromptBoard;
  /** The loopback port of the bridge and its trusted UI; 0 picks one. */
  readonly port?: number;
  /** How long a request browses before the peer chooser opens. */
  readonly discoveryWaitMs?: number;
  readonly limits?: Partial<BridgeLimits>;
  /** Keep the origins' capability tokens in this file across restarts (`offgrid up`: in the state dir). */
  readonly tokensFile?: string;
}

export interface BridgeLimits extends PageLimits {
  /** WebSockets open at once for one origin. */
  readonly socketsPerOrigin: number;
  /** WebSockets open at once in all. */
  readonly sockets: number;
}

const defaultLimits: BridgeLimits = { ...defaultPageLimits, socketsPerOrigin: 8, sockets: 64 };
/** How long the trusted UI's long poll waits for a change. */
const POLL_MS = 20_000;
/** Largest body the trusted UI posts. */
const MAX_BODY_BYTES = 4096;

/**
 * The agent's loopback bridge for web pages (issue 12; docs/security.md §Loopback bridge): on 127.0.0.1 and ::1
 * only, it serves the LP2P API to pages over a WebSocket at `/lp2p`, the browser module at `/lp2p.js`, and the
 * trusted UI at `/` — consent, the peer chooser, PSKs, the sites allowed — on an origin no app shares.
 */
export class LocalBridge {
  readonly port: number;
  /** `http://127.0.0.1:P/`: the trusted UI. */
  readonly uiUrl: string;
  readonly #servers: Server[];
  readonly #wss: WebSocketServer;
  readonly #options: LocalBridgeOptions;
  readonly #limits: BridgeLimits;
  readonly #hosts: Set<string>;
  readonly #uiOrigins: Set<string>;
  readonly #tokens: OriginTokens;
  readonly #sessions = new Map<string, Set<PageSession>>();
  readonly #managers = new Map<string, Promise<LocalPeerManager>>();
  readonly #consents = new Map<
    string,
    { promise: Promise<string | undefined>; waiting: number; gone: AbortController }
  >();
  readonly #blocked = new Set<string>();
  readonly #polls = new AbortController();
  readonly #peerProxy: PeerProxyHandler;

  static async start(options: LocalBridgeOptions): Promise<LocalBridge> {
    const tokens =
      options.tokensFile === undefined ? new OriginTokens() : await OriginTokens.open(options.tokensFile);
    const first = await listen(createServer(), '127.0.0.1', options.port ?? 0);
    const port = (first.address() as { port: number }).port;
    const servers = [first];
    // ::1 as well where the host has IPv6 loopback; without it, 127.0.0.1 alone serves.
    await listen(createServer(), '::1', port).then(
      (server) => servers.push(server),
      () => {},
    );
    return new LocalBridge(options, servers, port, tokens);
  }

  private constructor(options: LocalBridgeOptions, servers: Server[], port: number, tokens: OriginTokens) {
    this.#options = options;
    this.#tokens = tokens;
    this.#servers = servers;
    this.port = port;
    this.uiUrl = `http://127.0.0.1:${port}/`;
    this.#limits = { ...defaultLimits, ...options.limits };
    this.#hosts = loopbackHosts(port);
    this.#uiOrigins = new Set([...this.#hosts].map((host) => `http://${host}`));
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    // LP2P §Local HTTPS: /peer/<fingerprint>/… for pages whose origin holds its token and a grant for that peer.
    this.#peerProxy = createPeerProxy({
      credentials: options.agent.identity,
      peers: agentLocalHttpsPeers(options.agent),
      isGranted: (origin, fingerprint, request) => this.#peerGranted(origin, fingerprint, request),
      stripRequestHeaders: [PEER_TOKEN_HEADER],
    });
    for (const server of servers) {
      server.on('request', (request, response) => void this.#serve(request, response));
      server.on('upgrade', (request, socket, head) => this.#upgrade(request, socket, head));
    }
  }

  /** Page WebSockets open now. */
  get socketCount(): number {
    return this.#wss.clients.size;
  }

  /** Origins with a capability token (the person allowed them). */
  allowedOrigins(): string[] {
    return this.#tokens.origins();
  }

  /** Whether `token` is `origin`'s capability token and the origin is not blocked (the app host's sync socket). */
  verifyToken(origin: string, token: string): boolean {
    return !this.#blocked.has(origin) && this.#tokens.verify(origin, token);
  }

  /** Forgets `origin`'s token and closes its sockets; it has to ask again. */
  revoke(origin: string): void {
    this.#tokens.revoke(origin);
    for (const session of this.#sessions.get(origin) ?? []) session.close(1008, 'revoked');
    this.#options.board.touch();
  }

  async close(): Promise<void> {
    this.#polls.abort();
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
    await Promise.all([...this.#managers.values()].map((m) => m.then((x) => x.close()).catch(() => {})));
    await this.#tokens.saved().catch(() => {});
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Every check happens before the handshake completes, so a refused page changes nothing here.
    const origin = pageOrigin(request, this.#hosts);
    const refusal = this.#refusal(request, origin);
    if (refusal !== undefined || origin === undefined) {
      const [status, text] = refusal ?? [403, 'Forbidden'];
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      const sessions = this.#sessions.get(origin) ?? new Set<PageSession>();
      this.#sessions.set(origin, sessions);
      const session = new PageSession(ws, {
        origin,
        limits: this.#limits,
        verify: (token) => this.#tokens.verify(origin, token),
        consent: (signal) => this.#consent(origin, signal),
        manager: () => this.#manager(origin),
      });
      sessions.add(session);
      ws.on('close', () => {
        sessions.delete(session);
        if (sessions.size === 0) this.#sessions.delete(origin);
      });
    });
  }

  /** Why a WebSocket handshake is refused (DNS rebinding, CSWSH, floods), or undefined. */
  #refusal(request: IncomingMessage, origin: string | undefined): [number, string] | undefined {
    if (!hostAllowed(request, this.#hosts)) return [403, 'Forbidden'];
    if (new URL(request.url ?? '/', 'http://x').pathname !== BRIDGE_PATH) return [404, 'Not Found'];
    if (origin === undefined || this.#blocked.has(origin)) return [403, 'Forbidden'];
    const mine = this.#sessions.get(origin)?.size ?? 0;
    if (mine >= this.#limits.socketsPerOrigin || this.#wss.clients.size >= this.#limits.sockets) {
      return [429, 'Too Many Requests'];
    }
    return undefined;
  }

  /**
   * One consent prompt per origin, however many sockets ask; it goes away when the last of them gives up. A no
   * blocks the origin until the agent restarts.
   */
  #consent(origin: string, signal: AbortSignal): Promise<string | undefined> {
    let asking = this.#consents.get(origin);
    if (!asking) {
      const gone = new AbortController();
      const prompt = this.#options.prompt.allowSite(
        origin,
        AbortSignal.any([gone.signal, this.#polls.signal]),
      );
      const promise = prompt.then((allowed) => {
        if (!allowed) this.#blocked.add(origin);
        this.#options.board.touch();
        return allowed ? this.#tokens.issue(origin) : undefined;
      });
      asking = { promise, waiting: 0, gone };
      this.#consents.set(origin, asking);
      const done = () => this.#consents.delete(origin);
      promise.then(done, done);
    }
    const entry = asking;
    entry.waiting++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason);
        if (--entry.waiting === 0) entry.gone.abort(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (token) => {
          signal.removeEventListener('abort', onAbort);
          resolve(token);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /**
   * May `origin` reach `fingerprint` through the Local HTTPS proxy: the origin's grant for the peer, and (except on
   * a CORS preflight, which carries no custom header) its capability token in the `x-offgrid-token` header.
   */
  async #peerGranted(origin: string, fingerprint: string, request: IncomingMessage): Promise<boolean> {
    if (this.#blocked.has(origin)) return false;
    const preflight =
      request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    const token = request.headers[PEER_TOKEN_HEADER];
    if (!preflight && (typeof token !== 'string' || !this.#tokens.verify(origin, token))) return false;
    const store = this.#options.agent.trustStore;
    await store.refresh();
    return store.isAuthenticated(fingerprint) && store.hasGrant(fingerprint, origin);
  }

  #manager(origin: string): Promise<LocalPeerManager> {
    let manager = this.#managers.get(origin);
    if (!manager) {
      manager = LocalPeerManager.start({
        origin,
        prompt: this.#options.prompt,
        agent: this.#options.agent,
        discoveryWaitMs: this.#options.discoveryWaitMs ?? 2500,
      });
      this.#managers.set(origin, manager);
    }
    return manager;
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request, this.#hosts)) return end(response, 403, 'forbidden host');
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname.startsWith(PEER_PROXY_PREFIX)) return this.#peerProxy(request, response);
    if (url.pathname === '/lp2p.js' && request.method === 'GET') {
      // Public code any page may load (it holds no secret): cross-origin readable, as a module script needs.
      response.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      });
      response.end(await browserBundle());
      return;
    }
    const asset = request.method === 'GET' ? uiAsset(url.pathname) : undefined;
    if (asset) {
      response.writeHead(200, { ...uiHeaders, 'Content-Type': asset.type });
      response.end(asset.body);
      return;
    }
    if (url.pathname.startsWith('/ui/')) return this.#serveUiApi(request, response, url);
    end(response, 404, 'not found');
  }

  async #serveUiApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (!fromTrustedUi(request, this.#uiOrigins)) {
      // Refused unread: drop the connection rather than leave a body unread on a kept-alive socket.
      request.resume();
      response.setHeader('Connection', 'close');
      return end(response, 403, 'not the trusted UI');
    }
    const board = this.#options.board;
    if (url.pathname === '/ui/state' && request.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? 0);
      const gone = new AbortController();
      request.on('close', () => gone.abort());
      const timer = setTimeout(() => gone.abort(), POLL_MS);
      await board.changed(since, AbortSignal.any([gone.signal, this.#polls.signal]));
      clearTimeout(timer);
      const state: TrustedUiState = {
        version: board.version,
        prompts: board.prompts(),
        sites: this.allowedOrigins(),
      };
      return json(response, 200, state);
    }
    if (request.method !== 'POST' || request.headers['content-type'] !== 'application/json') {
      return end(response, 405, 'POST application/json only');
    }
    const body = await readBody(request).catch(() => undefined);
    if (body === undefined || typeof body !== 'object' || body === null)
      return end(response, 400, 'bad body');
    const fields = body as { id?: unknown; value?: unknown; origin?: unknown };
    if (url.pathname === '/ui/answer' && typeof fields.id === 'number') {
      return json(response, board.answer(fields.id, fields.value) ? 200 : 409, {});
    }
    if (url.pathname === '/ui/revoke' && typeof fields.origin === 'string') {
      this.revoke(fields.origin);
      return json(response, 200, {});
    }
    end(response, 404, 'not found');
  }
}

function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function end(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...uiHeaders });
  response.end(text);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { ...uiHeaders, 'Content-Type': 'application/json' });
  response.end(JSON.stringify(value));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) throw new RangeError('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
