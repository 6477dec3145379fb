import { AgentError } from '../errors/index.ts';
import type { Session, SessionCloseInfo } from '../platform/index.ts';
import type { AgentInfo, DecodeLimits, FrameGate, OspMessage } from '../protocol/index.ts';
import { MessageDecodeError } from '../protocol/index.ts';
import { CloseCode } from './close-codes.ts';
import { type MessageChannel, UnidirectionalConversation } from './message-channel.ts';
import { MessageReceiver } from './message-receiver.ts';
import { MessageSender } from './message-sender.ts';
import { MessageStream } from './message-stream.ts';
import { PendingRequests } from './pending-requests.ts';
import { preAuthGate } from './pre-auth-gate.ts';
import { StatusKeepAlive } from './status-keep-alive.ts';

/** Handles a bidirectional stream whose first message has a given type; owns the stream from then on. */
export type StreamHandler = (
  first: OspMessage,
  stream: MessageStream,
  connection: AgentConnection,
) => unknown;

/** Handles a pairing attempt the peer started: `first` is its auth-capabilities, `channel` the conversation. */
export type AuthenticationHandler = (
  first: OspMessage,
  channel: MessageChannel,
  connection: AgentConnection,
) => unknown;

export interface AgentConnectionOptions {
  readonly session: Session;
  /** Our current agent-info (osp-application §Metadata Discovery). */
  readonly localInfo: () => AgentInfo;
  /** Shared request-id counter of the local agent (osp-application §Message delivery: starts at 1). */
  readonly nextRequestId: () => number;
  /** Pinned or advertised fingerprint the session was verified against. */
  readonly remoteFingerprint: string;
  readonly limits?: Partial<DecodeLimits>;
  readonly requestTimeoutMs?: number;
  /** Peers trusted from an earlier pairing start authenticated; others pass only pre-auth messages. */
  readonly authenticated?: boolean;
  /**
   * A stream's first message must arrive whole within this many ms (10 s): before authentication a stream
   * that misses it closes the connection with 408; after, the stream alone is dropped.
   */
  readonly firstMessageTimeoutMs?: number;
  /** Interval of agent-status-request keep-alives once authenticated (5 s); 0 sends none. */
  readonly statusIntervalMs?: number;
  /** How long an agent-status-request may go unanswered before the peer counts as gone (10 s). */
  readonly statusTimeoutMs?: number;
}

/** Streams without a handler yet are held this long, at most this many per connection. */
const HOLD_MS = 10_000;
const MAX_HELD_STREAMS = 16;

const AUTH_TYPES: ReadonlySet<OspMessage['type']> = new Set([
  'auth-capabilities',
  'auth-spake2-handshake',
  'auth-spake2-confirmation',
  'auth-status',
]);

/** Messages that live on a data channel's bidirectional stream only (lp2p §data-channel-extension). */
const DATA_CHANNEL_TYPES: ReadonlySet<OspMessage['type']> = new Set([
  'data-channel-open-request',
  'data-channel-open-response',
  'data-frame',
]);

interface Held {
  readonly type: OspMessage['type'];
  readonly deliver: (handler: StreamHandler | AuthenticationHandler) => void;
  readonly abort: (reason: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * One OSP connection to a peer agent over any `Session`. OSP messages travel on unidirectional streams
 * (osp-network §Messages): requests on a stream of their own, responses on a stream the responder opens,
 * matched by `request-id`; each side's authentication messages form one ordered group on its own stream.
 * Bidirectional streams carry LP2P data channels. Every stream is read through the pre-auth gate, which
 * decides from the type key before buffering; remote input never throws out of here: a bad frame closes the
 * connection with the matching code (404 unknown key, 403 not allowed before authentication, 400 malformed).
 */
export class AgentConnection extends EventTarget {
  readonly session: Session;
  readonly remoteFingerprint: string;
  remoteInfo: AgentInfo | undefined;
  /** Messages received from the peer on any stream, valid or not yet dispatched. */
  messagesReceived = 0;
  /** Why this side gave up on the peer, if it did (e.g. AgentError 'peer-unresponsive'). */
  failure: AgentError | undefined;
  #authenticated: boolean;
  #isClosed = false;
  readonly #options: AgentConnectionOptions;
  readonly #gate: FrameGate;
  readonly #handlers = new Map<OspMessage['type'], StreamHandler | AuthenticationHandler>();
  readonly #streams = new Set<MessageStream>();
  readonly #requests = new PendingRequests();
  readonly #keepAlive: StatusKeepAlive | undefined;
  #auth: UnidirectionalConversation | undefined;
  #held: Held[] = [];

  constructor(options: AgentConnectionOptions) {
    super();
    this.#options = options;
    this.session = options.session;
    this.remoteFingerprint = options.remoteFingerprint;
    this.#authenticated = options.authenticated ?? false;
    this.#gate = preAuthGate(() => this.#authenticated);
    void this.#acceptUnidirectional();
    void this.#acceptBidirectional();
    void this.session.closed.then((info) => this.#onClosed(info));
    const interval = options.statusIntervalMs ?? 5_000;
    if (interval > 0) {
      this.#keepAlive = new StatusKeepAlive(
        interval,
        // agent-status is not allowed before authentication (pre-auth-gate.ts): liveness starts once paired.
        async () => (this.#authenticated ? this.checkStatus(options.statusTimeoutMs ?? 10_000) : undefined),
        (error) => {
          this.failure = error;
          void this.close(CloseCode.Timeout, error.message.slice(0, 200));
        },
      );
    }
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** True once the session has closed, for any reason. */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  get closed(): Promise<SessionCloseInfo> {
    return this.session.closed;
  }

  /** Called by pairing once both sides proved knowledge of the PSK, or for a peer already trusted. */
  markAuthenticated(): void {
    if (this.#authenticated) return;
    this.#authenticated = true;
    this.dispatchEvent(new Event('authenticated'));
  }

  /**
   * Routes pairing attempts the peer starts (`auth-capabilities`) to an `AuthenticationHandler`, and
   * bidirectional streams that start with `type` (e.g. data-channel-open-request) to a `StreamHandler`,
   * including any that arrived before the handler was registered and are still held.
   */
  handle(type: 'auth-capabilities', handler: AuthenticationHandler): void;
  handle(type: OspMessage['type'], handler: StreamHandler): void;
  handle(type: OspMessage['type'], handler: StreamHandler | AuthenticationHandler): void {
    this.#handlers.set(type, handler);
    const held = this.#held.filter((h) => h.type === type);
    this.#held = this.#held.filter((h) => h.type !== type);
    for (const { deliver, timer } of held) {
      clearTimeout(timer);
      deliver(handler);
    }
  }

  nextRequestId(): number {
    return this.#options.nextRequestId();
  }

  /** Opens a bidirectional stream (a data channel's: lp2p §data-channel-extension). */
  async openStream(): Promise<MessageStream> {
    const stream = new MessageStream(await this.session.openStream(), this.#options.limits, this.#gate);
    this.#streams.add(stream);
    return stream;
  }

  /** Opens a unidirectional stream for one ordered group of messages (osp-network §Messages). */
  async openSender(): Promise<MessageSender> {
    const stream = await this.session.openUnidirectionalStream();
    return new MessageSender(stream.id, stream.writable);
  }

  /**
   * Starts a pairing conversation: our auth messages on a unidirectional stream of ours, the peer's read from
   * the stream it opens in reply (the next auth-capabilities it sends).
   */
  openAuthentication(): MessageChannel {
    const conversation = new UnidirectionalConversation(() => this.openSender());
    this.#auth = conversation;
    return conversation;
  }

  /**
   * Sends `message` on a new unidirectional stream and resolves with the response carrying its request-id,
   * from a stream the peer opened.
   */
  async request<T extends OspMessage['type']>(
    message: OspMessage & { requestId: number },
    responseType: T,
    timeoutMs = this.#options.requestTimeoutMs ?? 5000,
  ): Promise<Extract<OspMessage, { type: T }>> {
    const what = `${message.type} ${message.requestId}`;
    const response = this.#requests.expect(message.requestId, responseType, timeoutMs, what);
    // The timeout may fire while the send still waits (for stream credit, or backpressure): never unhandled.
    response.catch(() => {});
    const sent = (async () => {
      const sender = await this.openSender();
      await sender.send(message);
      await sender.finish();
    })();
    sent.catch((error: unknown) => this.#requests.cancel(message.requestId, error));
    return (await response) as Extract<OspMessage, { type: T }>;
  }

  /** agent-info-request/response (osp-application §Metadata Discovery); stores and returns the peer's info. */
  async fetchAgentInfo(): Promise<AgentInfo> {
    const response = await this.request(
      { type: 'agent-info-request', requestId: this.nextRequestId() },
      'agent-info-response',
    );
    this.remoteInfo = response.agentInfo;
    this.dispatchEvent(new Event('agentinfochange'));
    return response.agentInfo;
  }

  /** agent-status-request/response (osp-application §Agent Status): resolves with the round trip in ms. */
  async checkStatus(timeoutMs?: number): Promise<number> {
    const started = performance.now();
    await this.request(
      { type: 'agent-status-request', requestId: this.nextRequestId() },
      'agent-status-response',
      timeoutMs,
    );
    return performance.now() - started;
  }

  /** Tells the peer our agent-info changed (osp-application: agent-info-event, without waiting for a request). */
  async announceAgentInfo(): Promise<void> {
    await this.#sendAlone({ type: 'agent-info-event', agentInfo: this.#options.localInfo() });
  }

  close(code: number = CloseCode.Normal, reason = ''): Promise<void> {
    return this.session.close(code, reason);
  }

  async #acceptUnidirectional(): Promise<void> {
    const reader = this.session.incomingUnidirectionalStreams.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const { id, readable } = next.value;
        void this.#serveGroup(new MessageReceiver(id, readable, this.#options.limits, this.#gate));
      }
    } catch {
      // The session ended while waiting; `closed` reports why.
    } finally {
      reader.releaseLock();
    }
  }

  async #acceptBidirectional(): Promise<void> {
    const reader = this.session.incomingStreams.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const stream = new MessageStream(next.value, this.#options.limits, this.#gate);
        this.#streams.add(stream);
        void this.#serveBidirectional(stream);
      }
    } catch {
      // The session ended while waiting; `closed` reports why.
    } finally {
      reader.releaseLock();
    }
  }

  /**
   * A bidirectional stream: a data channel if it opens with data-channel-open-request. Any other message is
   * taken as if it came on a unidirectional stream (tolerating peers that put OSP messages on bidirectional
   * ones), and our return half is closed at once.
   */
  async #serveBidirectional(stream: MessageStream): Promise<void> {
    try {
      const first = await this.#readFirst(stream.receiver);
      if (first === undefined) return;
      if (first.type !== 'data-channel-open-request') {
        void stream.finish();
        await this.#serveGroup(stream.receiver, first);
        return;
      }
      const handler = this.#handlers.get(first.type) as StreamHandler | undefined;
      if (handler) await handler(first, stream, this);
      else {
        this.#hold(
          first.type,
          (h) => void this.#run(() => (h as StreamHandler)(first, stream, this), stream),
          (r) => stream.abort(r),
        );
      }
    } catch (error) {
      await this.#onStreamError(error, () => stream.abort(error));
    } finally {
      this.#streams.delete(stream);
    }
  }

  /** One ordered group of messages from the peer; each is handled on its own, auth groups go to pairing. */
  async #serveGroup(receiver: MessageReceiver, first?: OspMessage): Promise<void> {
    try {
      let message = first ?? (await this.#readFirst(receiver));
      while (message !== undefined) {
        if (AUTH_TYPES.has(message.type)) {
          this.#routeAuthentication(message, receiver); // The conversation reads the rest of the group.
          return;
        }
        if (DATA_CHANNEL_TYPES.has(message.type)) {
          await this.close(CloseCode.MalformedMessage, `${message.type} outside a data channel's stream`);
          return;
        }
        await this.#onMessage(message);
        message = await receiver.next();
        if (message !== undefined) this.messagesReceived++;
      }
    } catch (error) {
      await this.#onStreamError(error, () => receiver.cancel(error));
    }
  }

  /** The first message of a stream, within the deadline; `undefined` if the stream ended or was dropped. */
  async #readFirst(receiver: MessageReceiver): Promise<OspMessage | undefined> {
    const ms = this.#options.firstMessageTimeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
    });
    const first = await Promise.race([receiver.next(), late]).finally(() => clearTimeout(timer));
    if (first === 'late') {
      const reason = `no complete message on stream ${receiver.id} in ${ms} ms`;
      receiver.cancel(new AgentError('request-timeout', reason));
      if (!this.#authenticated) await this.close(CloseCode.Timeout, reason);
      return undefined;
    }
    if (first !== undefined) this.messagesReceived++;
    return first;
  }

  async #onMessage(message: OspMessage): Promise<void> {
    switch (message.type) {
      case 'agent-info-request':
        await this.#sendAlone({
          type: 'agent-info-response',
          requestId: message.requestId,
          agentInfo: this.#options.localInfo(),
        });
        return;
      case 'agent-status-request':
        await this.#sendAlone({ type: 'agent-status-response', requestId: message.requestId });
        return;
      case 'agent-info-response':
      case 'agent-status-response':
        this.#requests.settle(message); // An answer nobody waits for any more is dropped.
        return;
      case 'agent-info-event':
        this.remoteInfo = message.agentInfo;
        this.dispatchEvent(new Event('agentinfochange'));
        return;
    }
  }

  /** Binds the peer's auth group to the attempt we started, or starts answering the one it started. */
  #routeAuthentication(first: OspMessage, receiver: MessageReceiver): void {
    const current = this.#auth;
    if (current?.awaitingPeer) {
      current.bind(receiver, first);
      return;
    }
    if (first.type !== 'auth-capabilities') {
      receiver.cancel(new AgentError('unexpected-response', `${first.type} outside a pairing attempt`));
      return;
    }
    const conversation = new UnidirectionalConversation(() => this.openSender());
    conversation.bind(receiver); // `first` goes to the handler as the attempt's opening message.
    this.#auth = conversation;
    const deliver = (handler: StreamHandler | AuthenticationHandler) =>
      void this.#run(() => (handler as AuthenticationHandler)(first, conversation, this), conversation);
    const handler = this.#handlers.get('auth-capabilities');
    if (handler) deliver(handler);
    else this.#hold('auth-capabilities', deliver, (reason) => conversation.abort(reason));
  }

  async #sendAlone(message: OspMessage): Promise<void> {
    try {
      const sender = await this.openSender();
      await sender.send(message);
      await sender.finish();
    } catch {
      // The session closed meanwhile; `closed` reports why.
    }
  }

  /**
   * A stream nobody handles yet: the layer that will (e.g. the LP2P connection, created once the user granted the
   * peer) may still be getting ready, so hold it briefly. Bounded in count and time; then it is aborted, as a known
   * message nobody here consumes is (not a protocol violation).
   */
  #hold(type: OspMessage['type'], deliver: Held['deliver'], abort: Held['abort']): void {
    const refusal = new AgentError('unexpected-response', `no handler for ${type}`);
    if (this.#held.length >= MAX_HELD_STREAMS) {
      abort(refusal);
      return;
    }
    const timer = setTimeout(() => {
      this.#held = this.#held.filter((h) => h.timer !== timer);
      abort(refusal);
    }, HOLD_MS);
    (timer as { unref?: () => void }).unref?.();
    this.#held.push({ type, deliver, abort, timer });
  }

  async #run(handler: () => unknown, channel: { abort(reason?: unknown): void }): Promise<void> {
    try {
      await handler();
    } catch (error) {
      await this.#onStreamError(error, () => channel.abort(error));
    }
  }

  async #onStreamError(error: unknown, otherwise: () => void): Promise<void> {
    if (error instanceof MessageDecodeError) await this.#closeForBadInput(error);
    else otherwise();
  }

  #closeForBadInput(error: MessageDecodeError): Promise<void> {
    if (error.code === 'unknown-type-key') {
      return this.close(CloseCode.UnknownTypeKey, `unknown type key ${error.typeKey}`);
    }
    if (error.code === 'not-allowed') {
      return this.close(CloseCode.NotAllowed, `${error.messageType} before authentication`);
    }
    return this.close(CloseCode.MalformedMessage, error.message.slice(0, 200));
  }

  #onClosed(info: SessionCloseInfo): void {
    this.#isClosed = true;
    this.#keepAlive?.stop();
    const reason = new AgentError('connection-closed', `connection closed (${info.code}) ${info.reason}`);
    for (const { abort, timer } of this.#held) {
      clearTimeout(timer);
      abort(reason);
    }
    this.#held = [];
    for (const stream of this.#streams) stream.abort(reason);
    this.#streams.clear();
    this.#auth?.abort(reason);
    this.#requests.failAll(reason);
    this.dispatchEvent(new Event('close'));
  }
}
