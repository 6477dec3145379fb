import { AgentError } from '../errors/index.ts';
import type { Session, SessionCloseInfo } from '../platform/index.ts';
import type { AgentInfo, DecodeLimits, OspMessage } from '../protocol/index.ts';
import { MessageDecodeError } from '../protocol/index.ts';
import { CloseCode } from './close-codes.ts';
import { MessageStream } from './message-stream.ts';

/** Handles a stream whose first message has a given type; owns the stream from then on. */
export type StreamHandler = (
  first: OspMessage,
  stream: MessageStream,
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
}

/**
 * Messages allowed before authentication (issue: "before authentication only agent-info and auth messages flow";
 * osp-network §Authentication). Anything else from an unauthenticated peer closes the connection.
 */
/** Streams without a handler yet are held this long, at most this many per connection. */
const HOLD_MS = 10_000;
const MAX_HELD_STREAMS = 16;

const PRE_AUTH_TYPES: ReadonlySet<OspMessage['type']> = new Set([
  'agent-info-request',
  'agent-info-response',
  'agent-info-event',
  'auth-capabilities',
  'auth-spake2-handshake',
  'auth-spake2-confirmation',
  'auth-status',
]);

/**
 * One OSP connection to a peer agent over any `Session`: routes incoming streams by their first message,
 * answers agent-info and agent-status requests, and sends requests on fresh streams.
 * Remote input never throws out of here: a bad frame closes the connection with the matching code.
 */
export class AgentConnection extends EventTarget {
  readonly session: Session;
  readonly remoteFingerprint: string;
  remoteInfo: AgentInfo | undefined;
  /** Messages received from the peer on any stream, valid or not yet dispatched. */
  messagesReceived = 0;
  #authenticated: boolean;
  #isClosed = false;
  readonly #options: AgentConnectionOptions;
  readonly #handlers = new Map<OspMessage['type'], StreamHandler>();
  readonly #streams = new Set<MessageStream>();
  #held: { first: OspMessage; stream: MessageStream; timer: NodeJS.Timeout }[] = [];

  constructor(options: AgentConnectionOptions) {
    super();
    this.#options = options;
    this.session = options.session;
    this.remoteFingerprint = options.remoteFingerprint;
    this.#authenticated = options.authenticated ?? false;
    void this.#acceptLoop();
    void this.session.closed.then((info) => this.#onClosed(info));
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
   * Routes incoming streams that start with `type` to `handler` (e.g. data-channel-open-request), including streams
   * that arrived before the handler was registered and are still held.
   */
  handle(type: OspMessage['type'], handler: StreamHandler): void {
    this.#handlers.set(type, handler);
    const held = this.#held.filter((h) => h.first.type === type);
    this.#held = this.#held.filter((h) => h.first.type !== type);
    for (const { first, stream, timer } of held) {
      clearTimeout(timer);
      void this.#runHandler(handler, first, stream);
    }
  }

  nextRequestId(): number {
    return this.#options.nextRequestId();
  }

  /** Opens a stream for a group of ordered messages. */
  async openStream(): Promise<MessageStream> {
    const stream = new MessageStream(await this.session.openStream(), this.#options.limits);
    this.#track(stream);
    return stream;
  }

  /** Sends `message` on a new stream and returns the first message the peer answers on it. */
  async request<T extends OspMessage['type']>(
    message: OspMessage & { requestId: number },
    responseType: T,
  ): Promise<Extract<OspMessage, { type: T }>> {
    const stream = await this.openStream();
    try {
      await stream.send(message);
      const response = await this.#withTimeout(stream.next(), `${message.type} ${message.requestId}`);
      if (response) this.messagesReceived++;
      if (
        response?.type !== responseType ||
        !('requestId' in response) ||
        response.requestId !== message.requestId
      ) {
        throw new AgentError(
          'unexpected-response',
          `expected ${responseType} for request ${message.requestId}`,
        );
      }
      return response as Extract<OspMessage, { type: T }>;
    } catch (error) {
      if (error instanceof MessageDecodeError) await this.#closeForBadInput(error);
      throw error;
    } finally {
      await stream.finish();
      this.#streams.delete(stream);
    }
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

  /** Tells the peer our agent-info changed (osp-application: agent-info-event, without waiting for a request). */
  async announceAgentInfo(): Promise<void> {
    const stream = await this.openStream();
    await stream.send({ type: 'agent-info-event', agentInfo: this.#options.localInfo() }).catch(() => {});
    await stream.finish();
    this.#streams.delete(stream);
  }

  close(code: number = CloseCode.Normal, reason = ''): Promise<void> {
    return this.session.close(code, reason);
  }

  async #acceptLoop(): Promise<void> {
    const reader = this.session.incomingStreams.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const stream = new MessageStream(value, this.#options.limits);
        this.#track(stream);
        void this.#serveStream(stream);
      }
    } catch {
      // The session ended while waiting; `closed` reports why.
    } finally {
      reader.releaseLock();
    }
  }

  async #serveStream(stream: MessageStream): Promise<void> {
    try {
      const first = await stream.next();
      if (first === undefined) return;
      this.messagesReceived++;
      if (!this.#authenticated && !PRE_AUTH_TYPES.has(first.type)) {
        await this.close(CloseCode.NotAllowed, `${first.type} before authentication`);
        return;
      }
      await this.#dispatch(first, stream);
    } catch (error) {
      if (error instanceof MessageDecodeError) await this.#closeForBadInput(error);
      else stream.abort(error);
    } finally {
      this.#streams.delete(stream);
    }
  }

  async #dispatch(first: OspMessage, stream: MessageStream): Promise<void> {
    switch (first.type) {
      case 'agent-info-request':
        await stream.send({
          type: 'agent-info-response',
          requestId: first.requestId,
          agentInfo: this.#options.localInfo(),
        });
        await stream.finish();
        return;
      case 'agent-status-request':
        await stream.send({ type: 'agent-status-response', requestId: first.requestId });
        await stream.finish();
        return;
      case 'agent-info-event':
        this.remoteInfo = first.agentInfo;
        this.dispatchEvent(new Event('agentinfochange'));
        return;
    }
    const handler = this.#handlers.get(first.type);
    if (handler) {
      await handler(first, stream, this);
      return;
    }
    this.#hold(first, stream);
  }

  /**
   * A stream nobody handles yet: the layer that will (e.g. the LP2P connection, created once the user granted the
   * peer) may still be getting ready, so hold it briefly. Bounded in count and time; then it is aborted, as a known
   * message nobody here consumes is (not a protocol violation).
   */
  #hold(first: OspMessage, stream: MessageStream): void {
    if (this.#held.length >= MAX_HELD_STREAMS) {
      stream.abort(new AgentError('unexpected-response', `no handler for ${first.type}`));
      return;
    }
    const timer = setTimeout(() => {
      this.#held = this.#held.filter((h) => h.stream !== stream);
      stream.abort(new AgentError('unexpected-response', `no handler for ${first.type}`));
    }, HOLD_MS);
    timer.unref();
    this.#held.push({ first, stream, timer });
  }

  async #runHandler(handler: StreamHandler, first: OspMessage, stream: MessageStream): Promise<void> {
    try {
      await handler(first, stream, this);
    } catch (error) {
      if (error instanceof MessageDecodeError) await this.#closeForBadInput(error);
      else stream.abort(error);
    }
  }

  #closeForBadInput(error: MessageDecodeError): Promise<void> {
    if (error.code === 'unknown-type-key') {
      return this.close(CloseCode.UnknownTypeKey, `unknown type key ${error.typeKey}`);
    }
    return this.close(CloseCode.MalformedMessage, error.message.slice(0, 200));
  }

  #track(stream: MessageStream): void {
    this.#streams.add(stream);
  }

  #onClosed(info: SessionCloseInfo): void {
    this.#isClosed = true;
    const reason = new AgentError('connection-closed', `connection closed (${info.code}) ${info.reason}`);
    for (const { stream, timer } of this.#held) {
      clearTimeout(timer);
      stream.abort(reason);
    }
    this.#held = [];
    for (const stream of this.#streams) stream.abort(reason);
    this.#streams.clear();
    this.dispatchEvent(new Event('close'));
  }

  #withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    const ms = this.#options.requestTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AgentError('request-timeout', `no answer to ${what} in ${ms} ms`)),
        ms,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
