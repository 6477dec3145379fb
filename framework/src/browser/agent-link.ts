import { type AgentStatus, decodeAgentStatus } from '../workspace/agent-status.ts';
import type { ConnectivitySource, Workspace } from '../workspace/workspace.ts';
import { AgentSocketChannel } from './agent-socket-channel.ts';

/** What `GET /<appId>/agent.json` on the app's own origin says: where the agent's bridge and trusted UI are. */
export interface AgentInfo {
  readonly v: 1;
  readonly app: string;
  /** `ws://127.0.0.1:P/lp2p`: the LP2P bridge, where the origin's capability token is obtained. */
  readonly bridge: string;
  /** `http://127.0.0.1:P/`: the trusted UI (consent). */
  readonly ui: string;
  /** `http://127.0.0.1:P/lp2p.js`: the LP2P browser module. */
  readonly module: string;
}

/** Where the origin's capability token is kept (localStorage `offgrid-lp2p-token`, shared with the LP2P module). */
export interface TokenStore {
  get(): string | null;
  clear(): void;
}

/** The subprotocols of the sync socket: the wire's name, and the token (a browser cannot set other headers). */
export const SYNC_PROTOCOL = 'offgrid-sync.v1';
export const TOKEN_PROTOCOL_PREFIX = 'offgrid-token.';

export interface AgentLinkOptions {
  /** `ws://127.0.0.1:P/<appId>/sync` on the app's own origin. */
  readonly syncUrl: string;
  /** `http://127.0.0.1:P/<appId>/agent.json`. */
  readonly infoUrl: string;
  readonly tokens: TokenStore;
  /** Gets the origin a token (the person consents in the trusted UI); the token is then in `tokens`. */
  readonly consent: (info: AgentInfo) => Promise<void>;
  readonly createSocket?: (url: string, protocols: string[]) => WebSocket;
  /** Reconnect delays, doubled per failure up to `maxMs`, with jitter. Default 250 ms … 10 s. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

type Outcome = 'opened' | 'refused' | 'unreachable';

/**
 * A page's link to its device's agent (`offgrid up`): the sync socket that joins the page's workspace to the
 * app's replica, reopened with backoff whenever the agent goes away; the agent's connectivity as the page's own
 * (a {@link ConnectivitySource}, `offline` while the agent is unreachable). A socket refused before it opened
 * (unknown or revoked token) clears the token, so the next attempt asks for consent again.
 */
export class AgentLink extends EventTarget implements ConnectivitySource {
  readonly #options: AgentLinkOptions;
  #status: AgentStatus = { connectivity: 'offline', nearbyPeers: 0 };
  #socket: WebSocket | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  readonly #textListeners = new Set<(text: string) => void>();

  constructor(options: AgentLinkOptions) {
    super();
    this.#options = options;
  }

  current(): AgentStatus {
    return this.#status;
  }

  /** Whether the sync socket is open now. */
  get connected(): boolean {
    return this.#socket?.readyState === 1;
  }

  /** Bytes queued on the sync socket (0 when it is not open). */
  get bufferedAmount(): number {
    return this.connected ? (this.#socket?.bufferedAmount ?? 0) : 0;
  }

  /**
   * Sends a text frame to the agent (the share relay, `src/share/relay-protocol.ts`); false when the socket is not
   * open. `open` events say when it is (again).
   */
  sendText(text: string): boolean {
    if (!this.connected) return false;
    try {
      this.#socket?.send(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Hears the agent's text frames other than its status (the share relay). Returns a remove function. */
  onText(listener: (text: string) => void): () => void {
    this.#textListeners.add(listener);
    return () => this.#textListeners.delete(listener);
  }

  start(workspace: Workspace): void {
    void this.#run(workspace);
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
    this.#wake?.();
  }

  async #run(workspace: Workspace): Promise<void> {
    const { initialMs, maxMs } = this.#options.backoff ?? { initialMs: 250, maxMs: 10_000 };
    let delay = initialMs;
    while (!this.#stopped) {
      const outcome = await this.#connectOnce(workspace).catch((): Outcome => 'unreachable');
      if (outcome === 'opened') delay = initialMs;
      if (outcome === 'refused') this.#options.tokens.clear();
      if (this.#stopped) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, delay * (0.5 + Math.random() / 2));
      });
      delay = Math.min(delay * 2, maxMs);
    }
  }

  async #connectOnce(workspace: Workspace): Promise<Outcome> {
    const response = await fetch(this.#options.infoUrl, { cache: 'no-store' });
    if (!response.ok) return 'unreachable';
    const info = (await response.json()) as AgentInfo;
    if (this.#options.tokens.get() === null) await this.#options.consent(info);
    const token = this.#options.tokens.get();
    if (token === null || this.#stopped) return 'refused';
    const create = this.#options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
    const socket = create(this.#options.syncUrl, [SYNC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    this.#socket = socket;
    const channel = new AgentSocketChannel(socket, (text) => this.#onText(text));
    return new Promise<Outcome>((resolve) => {
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        workspace.attach(channel, { peerId: 'agent' });
        this.dispatchEvent(new Event('open'));
      });
      // A refused or failed socket is followed by its close event, handled below (and a Node `ws` socket throws
      // an error nobody listens to).
      socket.addEventListener('error', () => {});
      socket.addEventListener('close', () => {
        if (opened) this.dispatchEvent(new Event('close'));
        this.#setStatus({ connectivity: 'offline', nearbyPeers: 0 });
        resolve(opened ? 'opened' : 'refused');
      });
    });
  }

  #onText(text: string): void {
    if (!text.startsWith('{"t":"offgrid/agent-status"')) {
      for (const listener of this.#textListeners) listener(text);
      return;
    }
    try {
      this.#setStatus(decodeAgentStatus(text));
    } catch {
      // A malformed frame from our own agent: ignored, the next one will do.
    }
  }

  #setStatus(status: AgentStatus): void {
    const same =
      status.connectivity === this.#status.connectivity && status.nearbyPeers === this.#status.nearbyPeers;
    this.#status = status;
    if (!same) this.dispatchEvent(new Event('change'));
  }
}
