import { BridgeError } from '../errors/index.ts';
import {
  type AgentMessage,
  decodeAgentMessage,
  encodeBridgeMessage,
  type PageMessage,
  PEER_TOKEN_HEADER,
} from './bridge-protocol.ts';

/** Where the page finds its agent's bridge, and how it keeps the origin's capability token. */
export interface BridgeLinkOptions {
  /** `ws://127.0.0.1:P/lp2p`; by default the bridge that served this module. */
  readonly url: string;
  /** The trusted UI to open for consent; by default the bridge's root page. */
  readonly uiUrl: string;
  /** Where the origin's capability token is kept between visits; localStorage when the page has it. */
  readonly tokenStore?: { get(): string | null; set(token: string): void; clear(): void };
}

type Handler = (message: AgentMessage) => void;

const TOKEN_KEY = 'offgrid-lp2p-token';
/** The close code a page sends when its agent's frame is malformed (RFC 6455's 1002, in the application range). */
export const MALFORMED_FRAME_CLOSE_CODE = 4002;

/**
 * The page's one WebSocket to its agent. `ready` resolves once the agent knows this origin: with the token kept
 * from an earlier visit, or after the user allowed the origin in the trusted UI (opened in a popup), which hands
 * a new token back over this socket. Messages about an object go to the handler registered for its id.
 */
export class BridgeLink {
  readonly ready: Promise<void>;
  readonly #socket: WebSocket;
  readonly #handlers = new Map<number, Handler>();
  readonly #closeHandlers = new Set<(error: BridgeError) => void>();
  #closed: BridgeError | undefined;
  #nextId = 1;

  constructor(options: BridgeLinkOptions) {
    const tokens = options.tokenStore ?? localStorageTokens();
    this.#socket = new WebSocket(options.url);
    this.#socket.binaryType = 'arraybuffer';
    this.ready = new Promise<void>((resolve, reject) => {
      this.#socket.onopen = () => this.send({ t: 'hello', token: tokens.get() ?? '' });
      const handshake = (message: AgentMessage) => {
        if (message.t === 'welcome') resolve();
        else if (message.t === 'token') {
          tokens.set(message.token);
          resolve();
        } else if (message.t === 'consent-needed') {
          tokens.clear();
          this.send({ t: 'consent' });
          openTrustedUi(options.uiUrl);
        } else if (message.t === 'error') reject(new BridgeError('not-allowed', message.message));
      };
      this.#handlers.set(0, handshake);
      this.#closeHandlers.add(reject);
    });
    this.ready.then(
      () => this.#handlers.delete(0),
      () => {},
    );
    this.#socket.onmessage = (event) => this.#receive(event.data);
    this.#socket.onclose = (event) =>
      this.#close(new BridgeError('disconnected', `the bridge closed (${event.code} ${event.reason})`));
  }

  /** A fresh id for an object the page creates (receivers, requests, channels). */
  nextId(): number {
    return this.#nextId++;
  }

  /** Bytes queued on the WebSocket, not yet handed to the network. */
  get socketBuffered(): number {
    return this.#socket.bufferedAmount;
  }

  send(message: PageMessage): void {
    if (this.#closed) throw this.#closed;
    this.#socket.send(encodeBridgeMessage(message));
  }

  /** Routes the agent's messages about object `id` to `handler` until `forget(id)`. */
  on(id: number, handler: Handler): void {
    this.#handlers.set(id, handler);
  }

  forget(id: number): void {
    this.#handlers.delete(id);
  }

  /** Called once if the link is lost. */
  onClose(handler: (error: BridgeError) => void): void {
    if (this.#closed) queueMicrotask(() => handler(this.#closed as BridgeError));
    else this.#closeHandlers.add(handler);
  }

  #receive(data: unknown): void {
    let message: AgentMessage;
    try {
      message = decodeAgentMessage(new Uint8Array(data as ArrayBuffer));
    } catch (error) {
      this.#close(error as BridgeError);
      // A page may close with 1000 or 3000–4999 only (WebSocket API §close): 1002 threw InvalidAccessError here,
      // out of the message handler, and left the socket open.
      this.#socket.close(MALFORMED_FRAME_CLOSE_CODE, 'malformed frame');
      return;
    }
    const id = objectId(message);
    this.#handlers.get(id)?.(message);
  }

  #close(error: BridgeError): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const handler of this.#closeHandlers) handler(error);
    this.#closeHandlers.clear();
  }
}

/** The object a message is about: 0 for the handshake and link-wide errors. */
function objectId(message: AgentMessage): number {
  if (message.t === 'datachannel') return message.conn;
  if ('ch' in message) return message.ch;
  if ('st' in message && message.t !== 'st.incoming') return message.st;
  if ('wt' in message) return message.wt;
  if (message.t === 'reply' || message.t === 'connection') return message.rid;
  if (message.t === 'conn.closed') return message.conn;
  return 0;
}

function openTrustedUi(url: string): void {
  // noopener: the page gets no handle on the trusted UI's window, so it cannot navigate or close it.
  const page = globalThis as { open?: (url: string, target: string, features: string) => unknown };
  page.open?.(url, '_blank', 'popup,noopener,width=480,height=640');
}

/**
 * Headers for a page's requests to a paired peer through the bridge's Local HTTPS proxy (`/peer/<fingerprint>/…`):
 * the origin's capability token, once the person allowed the origin. Empty before that.
 * @example fetch(`http://127.0.0.1:P/peer/${fp}/notes.json`, { headers: localHttpsHeaders() });
 */
export function localHttpsHeaders(): Record<string, string> {
  const token = localStorageTokens().get();
  return token ? { [PEER_TOKEN_HEADER]: token } : {};
}

function localStorageTokens(): NonNullable<BridgeLinkOptions['tokenStore']> {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  return {
    get: () => storage?.getItem(TOKEN_KEY) ?? null,
    set: (token) => storage?.setItem(TOKEN_KEY, token),
    clear: () => storage?.removeItem(TOKEN_KEY),
  };
}
