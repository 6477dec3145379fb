import type { WebSocket } from 'ws';
import {
  type LocalPeerManager,
  type LP2PConnection,
  type LP2PConnectionEvent,
  type LP2PDataChannelEvent,
  LP2PReceiver,
  LP2PRequest,
} from '../api/index.ts';
import {
  AGENT_IDS,
  type AgentMessage,
  decodePageMessage,
  encodeBridgeMessage,
  type PageMessage,
} from '../browser/index.ts';
import { BridgeError, OffgridError } from '../errors/index.ts';
import { ChannelRelay } from './channel-relay.ts';
import { TransportRelay } from './transport-relay.ts';

/** Objects one page may hold at once. */
export interface PageLimits {
  readonly maxSources: number;
  readonly maxConnections: number;
  readonly maxChannels: number;
}

export const defaultPageLimits: PageLimits = { maxSources: 16, maxConnections: 64, maxChannels: 1024 };

/** What a page's socket needs from the bridge. */
export interface PageContext {
  readonly origin: string;
  readonly limits: PageLimits;
  /** Whether `token` is this origin's capability token. */
  verify(token: string): boolean;
  /** Asks the person whether the origin may use the API; resolves with its new token, or undefined if refused. */
  consent(signal: AbortSignal): Promise<string | undefined>;
  /** The origin's local peer manager (its grants, its consent to advertise). */
  manager(): Promise<LocalPeerManager>;
}

/**
 * One page's WebSocket to the bridge: until the page shows its origin's capability token, only `hello` and
 * `consent` are heard (docs/security.md §Capability tokens); after that it drives agent-side LP2P objects — a
 * receiver or request per page object, the connections they yield and their data channels — scoped to the origin.
 */
export class PageSession {
  readonly #socket: WebSocket;
  readonly #context: PageContext;
  readonly #abort = new AbortController();
  readonly #receivers = new Map<number, LP2PReceiver>();
  readonly #requests = new Map<number, LP2PRequest>();
  readonly #transports = new TransportRelay(
    (message) => this.#send(message),
    () => this.#nextId++,
  );
  readonly #sources = new Set<number>();
  readonly #connections = new Map<number, LP2PConnection>();
  readonly #connectionIds = new Map<LP2PConnection, number>();
  readonly #channels = new Map<number, ChannelRelay>();
  #state: 'hello' | 'consenting' | 'ready' | 'closed' = 'hello';
  #nextId = AGENT_IDS;

  constructor(socket: WebSocket, context: PageContext) {
    this.#socket = socket;
    this.#context = context;
    socket.on('message', (data, isBinary) => this.#receive(data as Buffer, isBinary));
    socket.on('close', () => this.#closed());
    socket.on('error', () => this.#closed());
  }

  /** Ends the session, e.g. when the person revoked the origin. */
  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
    this.#closed();
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    try {
      if (!isBinary) throw new BridgeError('malformed-frame', 'bridge frames are binary');
      this.#handle(decodePageMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    } catch (error) {
      const problem =
        error instanceof OffgridError
          ? error
          : new BridgeError('unexpected-message', String(error), { cause: error });
      this.#send({ t: 'error', code: problem.code, message: problem.message });
      this.close(1008, problem.code);
    }
  }

  #handle(message: PageMessage): void {
    if (this.#state !== 'ready') {
      this.#handshake(message);
      return;
    }
    switch (message.t) {
      case 'receiver':
        this.#startReceiver(this.#claimSource(message.rid), message.nickname);
        return;
      case 'request':
        this.#startRequest(this.#claimSource(message.rid), message.nickname);
        return;
      case 'receiver.stop':
        this.#receivers.get(message.rid)?.stop();
        return;
      case 'ch.open':
        this.#openChannel(message);
        return;
      case 'ch.send':
        this.#channel(message.ch)?.receive(message.d, message.text, message.more);
        return;
      case 'ch.close':
        this.#channel(message.ch)?.channel.close();
        return;
      case 'conn.close':
        void this.#connection(message.conn).close();
        return;
      case 'wt.open': {
        const { wt, source, how } = message;
        if (wt <= 0 || wt >= AGENT_IDS)
          throw new BridgeError('unexpected-message', `session id ${wt} is not the page's`);
        const from =
          this.#receivers.get(source) ?? this.#requests.get(source) ?? this.#connections.get(source);
        if (!from)
          throw new BridgeError('unexpected-message', `no receiver, request or connection ${source}`);
        this.#transports.open(wt, from, how);
        return;
      }
      case 'st.open':
        if (message.st <= 0 || message.st >= AGENT_IDS) {
          throw new BridgeError('unexpected-message', `stream id ${message.st} is not the page's`);
        }
        this.#transports.handle(message);
        return;
      case 'wt.close':
      case 'st.data':
      case 'st.credit':
      case 'st.reset':
      case 'dg.send':
        this.#transports.handle(message);
        return;
      default:
        throw new BridgeError('unexpected-message', `${message.t} after the handshake`);
    }
  }

  #handshake(message: PageMessage): void {
    if (message.t === 'hello' && this.#state === 'hello') {
      if (this.#context.verify(message.token)) {
        this.#state = 'ready';
        this.#send({ t: 'welcome' });
      } else this.#send({ t: 'consent-needed' });
      return;
    }
    if (message.t === 'consent' && this.#state === 'hello') {
      this.#state = 'consenting';
      this.#context
        .consent(this.#abort.signal)
        .then((token) => {
          if (token === undefined) throw new BridgeError('not-allowed', 'the person did not allow this site');
          if (this.#state !== 'consenting') return;
          this.#state = 'ready';
          this.#send({ t: 'token', token });
        })
        .catch((error: unknown) => {
          if (this.#state === 'closed') return;
          const problem =
            error instanceof OffgridError ? error : new BridgeError('not-allowed', String(error));
          this.#send({ t: 'error', code: problem.code, message: problem.message });
          this.close(1008, problem.code);
        });
      return;
    }
    throw new BridgeError('unexpected-message', `${message.t} before the origin's token was shown`);
  }

  #claimSource(rid: number): number {
    if (rid <= 0 || rid >= AGENT_IDS || this.#sources.has(rid)) {
      throw new BridgeError('unexpected-message', `object id ${rid} is not free`);
    }
    if (this.#sources.size >= this.#context.limits.maxSources) {
      throw new BridgeError(
        'limit-exceeded',
        `more than ${this.#context.limits.maxSources} receivers and requests`,
      );
    }
    this.#sources.add(rid);
    return rid;
  }

  #startReceiver(rid: number, nickname: string): void {
    const receiver = new LP2PReceiver({ nickname, manager: this.#context.manager() });
    this.#receivers.set(rid, receiver);
    receiver.addEventListener('connection', (event) => {
      const conn = this.#adopt((event as LP2PConnectionEvent).connection);
      if (conn !== undefined) this.#send({ t: 'connection', rid, conn });
    });
    receiver.start().then(
      () => this.#send({ t: 'reply', rid, conn: -1, code: '', message: '' }),
      (error: unknown) => this.#replyError(rid, error),
    );
  }

  #startRequest(rid: number, nickname: string): void {
    const request = new LP2PRequest({ nickname, manager: this.#context.manager() });
    this.#requests.set(rid, request);
    request.start({ signal: this.#abort.signal }).then(
      (connection) => {
        const conn = this.#adopt(connection);
        if (conn === undefined) throw new BridgeError('limit-exceeded', 'too many connections');
        this.#send({ t: 'reply', rid, conn, code: '', message: '' });
      },
      (error: unknown) => this.#replyError(rid, error),
    );
  }

  #replyError(rid: number, error: unknown): void {
    const { code, message } =
      error instanceof OffgridError ? error : { code: 'not-allowed', message: String(error) };
    this.#send({ t: 'reply', rid, conn: -1, code, message });
  }

  /** Gives an agent connection an id for this page, relaying its events; undefined over the limit. */
  #adopt(connection: LP2PConnection): number | undefined {
    if (this.#state === 'closed') return undefined;
    const known = this.#connectionIds.get(connection);
    if (known !== undefined) return known;
    if (this.#connections.size >= this.#context.limits.maxConnections) return undefined;
    const conn = this.#nextId++;
    this.#connections.set(conn, connection);
    this.#connectionIds.set(connection, conn);
    connection.addEventListener('datachannel', (event) => {
      const { channel } = event as LP2PDataChannelEvent;
      if (this.#channels.size >= this.#context.limits.maxChannels) {
        channel.close();
        return;
      }
      const ch = this.#nextId++;
      this.#channels.set(ch, new ChannelRelay(channel, ch, (m) => this.#send(m)));
      channel.addEventListener('close', () => this.#channels.delete(ch));
      const { label, protocol, id } = channel;
      this.#send({ t: 'datachannel', conn, ch, label, protocol, id: id ?? -1 });
    });
    connection.addEventListener('close', () => this.#send({ t: 'conn.closed', conn }));
    return conn;
  }

  #openChannel(message: Extract<PageMessage, { t: 'ch.open' }>): void {
    const { ch, label, protocol, id } = message;
    if (ch <= 0 || ch >= AGENT_IDS || this.#channels.has(ch)) {
      throw new BridgeError('unexpected-message', `channel id ${ch} is not free`);
    }
    if (this.#channels.size >= this.#context.limits.maxChannels) {
      throw new BridgeError('limit-exceeded', `more than ${this.#context.limits.maxChannels} data channels`);
    }
    const connection = this.#connection(message.conn);
    let channel: ReturnType<LP2PConnection['createDataChannel']>;
    try {
      channel = connection.createDataChannel(label, { protocol, ...(id >= 0 ? { id } : {}) });
    } catch (error) {
      // As the page's createDataChannel would have thrown: the channel fails at once.
      const text = error instanceof Error ? error.message : String(error);
      this.#send({ t: 'ch.closed', ch, code: 'open-failed', message: text });
      return;
    }
    this.#channels.set(ch, new ChannelRelay(channel, ch, (m) => this.#send(m)));
    channel.addEventListener('close', () => this.#channels.delete(ch));
  }

  #connection(conn: number): LP2PConnection {
    const connection = this.#connections.get(conn);
    if (!connection) throw new BridgeError('unexpected-message', `no connection ${conn}`);
    return connection;
  }

  /** A channel of this page; undefined once closed (messages racing its close are dropped). */
  #channel(ch: number): ChannelRelay | undefined {
    if (ch <= 0) throw new BridgeError('unexpected-message', `no channel ${ch}`);
    return this.#channels.get(ch);
  }

  #send(message: AgentMessage): void {
    if (this.#state === 'closed' || this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(encodeBridgeMessage(message));
  }

  /** The page went away: what it held goes with it, as when a document unloads. */
  #closed(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#abort.abort(new BridgeError('disconnected', 'the page closed its bridge socket'));
    for (const receiver of this.#receivers.values()) receiver.stop();
    this.#transports.closeAll();
    for (const connection of this.#connections.values()) void connection.close().catch(() => {});
  }
}
