import type { AgentConnection, MessageStream } from '../agent/index.ts';
import { CloseCode } from '../agent/index.ts';
import { DataChannelError } from '../errors/index.ts';
import type { Session } from '../platform/index.ts';
import type { MessageDecodeError, OspMessage } from '../protocol/index.ts';
import { ChannelIds } from './channel-ids.ts';
import { DataChannelCore, type DataChannelLink } from './data-channel-core.ts';
import { claimOpenRequest, prepareOpen, refuseOpenRequest } from './data-channel-open.ts';
import { type EventHandler, EventHandlerAttributes } from './event-handler-attribute.ts';
import type { LP2PDataChannel, LP2PDataChannelInit } from './lp2p-data-channel.ts';
import { LP2PDataChannelEvent } from './lp2p-events.ts';
import type { QuicTransportSource } from './quic-transport/quic-transport-source.ts';

const connections = new WeakMap<AgentConnection, LP2PConnection>();

/**
 * A connection with an authenticated peer (lp2p §LP2PConnection) and its data channels
 * (lp2p §LP2PConnection Interface Extensions). Offgrid extensions: `close()` and the `close` event.
 *
 * @example
 * const connection = createLP2PConnection(agentConnection);
 * connection.ondatachannel = ({ channel }) => (channel.onmessage = (e) => console.log(e.data));
 */
export class LP2PConnection extends EventTarget {
  readonly #agent: AgentConnection;
  readonly #handlers = new EventHandlerAttributes(this);
  readonly #channels = new Set<DataChannelCore>();
  readonly #ids: ChannelIds;
  readonly #link: DataChannelLink;
  #closed = false;
  #closingLocally = false;

  /** @internal Use `createLP2PConnection`, which keeps one LP2PConnection per agent connection. */
  constructor(agent: AgentConnection) {
    super();
    if (connections.has(agent)) {
      throw new DOMException('this agent connection already has an LP2PConnection', 'InvalidStateError');
    }
    connections.set(agent, this);
    this.#agent = agent;
    this.#ids = new ChannelIds(agent.session.isClient ? 0 : 1);
    this.#link = {
      closeConnection: (error) => void this.#closeForBadInput(error),
      released: (core) => {
        this.#channels.delete(core);
        this.#ids.release(core.setup.id);
      },
    };
    agent.handle('data-channel-open-request', (first, stream) => this.#accept(first, stream));
    // The event fires right after the agent aborted every stream, before the channels' reads see it, so
    // channels fail as "connection lost" rather than mistake the aborted streams for a clean close.
    agent.addEventListener('close', () => this.#onAgentClosed());
    void agent.closed.then(() => this.#onAgentClosed());
  }

  /**
   * For `new LP2PQuicTransport(connection)`: a q2q (WebTransport) session with this peer that reuses the
   * connection's authentication and grants (lp2p-draft §LP2PQuicTransport Interface Extensions).
   */
  openQuicTransportSession(options: { readonly signal: AbortSignal }): Promise<Session> {
    const source = quicTransportSources.get(this);
    if (!source) {
      return Promise.reject(
        new DOMException('this connection was not made by a receiver or request', 'NotSupportedError'),
      );
    }
    return source.openQuicTransportSession(options);
  }

  /**
   * Opens a channel (lp2p Appendix A: data-channel-open-request on a new stream). It starts `connecting` and
   * opens when the peer accepts.
   * @throws DOMException InvalidStateError if the connection is closed or not authenticated; OperationError if
   *   `init.id` is in use or no id is free. TypeError for an id outside 0–65534 or a label or protocol whose
   *   open request would not fit a control frame.
   */
  createDataChannel(label: string, init: LP2PDataChannelInit = {}): LP2PDataChannel {
    if (this.#closed) throw new DOMException('the connection is closed', 'InvalidStateError');
    // Before authentication the peer would close the connection for this request (osp-network §Authentication).
    if (!this.#agent.authenticated) {
      throw new DOMException('the peer is not authenticated', 'InvalidStateError');
    }
    const requestId = this.#agent.nextRequestId();
    const { setup, request } = prepareOpen(label, init, this.#ids, requestId);
    const core = new DataChannelCore(setup, this.#link);
    this.#channels.add(core);
    void core.open(() => this.#agent.openStream(), request, requestId);
    return core.channel;
  }

  /** Closes the connection and, quietly, its channels; `close` fires when done. */
  async close(): Promise<void> {
    this.#closingLocally = true;
    await this.#agent.close(CloseCode.Normal, 'closed by the application');
  }

  get ondatachannel(): EventHandler<LP2PConnection, LP2PDataChannelEvent> {
    return this.#handlers.get('datachannel');
  }
  set ondatachannel(handler: EventHandler<LP2PConnection, LP2PDataChannelEvent>) {
    this.#handlers.set('datachannel', handler);
  }
  get onclose(): EventHandler<LP2PConnection> {
    return this.#handlers.get('close');
  }
  set onclose(handler: EventHandler<LP2PConnection>) {
    this.#handlers.set('close', handler);
  }

  async #accept(request: OspMessage, stream: MessageStream): Promise<void> {
    if (request.type !== 'data-channel-open-request') return;
    const core = claimOpenRequest(request, { closed: this.#closed, ids: this.#ids, link: this.#link });
    if (core === undefined) {
      await refuseOpenRequest(request, stream);
      return;
    }
    this.#channels.add(core);
    // WebRTC §6.2 queues a task to announce a channel the peer opened: whoever just got this connection (from
    // a `connection` event or `request.start()`) has until then to set `ondatachannel`. The id is taken now;
    // the answer waits with the announcement, so the peer cannot send to a channel nobody has seen.
    await new Promise((resolve) => setImmediate(resolve));
    if (core.readyState === 'closed') {
      stream.abort();
      return;
    }
    core.accept(stream, request.requestId);
    // The channel is already open when `datachannel` fires; `open` follows it.
    this.dispatchEvent(new LP2PDataChannelEvent('datachannel', { channel: core.channel }));
    core.announceOpen();
    await core.run();
  }

  #closeForBadInput(error: MessageDecodeError): Promise<void> {
    // osp-network §messages: an unknown type key closes the connection with 404 and the key in the reason.
    const code = error.code === 'unknown-type-key' ? CloseCode.UnknownTypeKey : CloseCode.MalformedMessage;
    return this.#agent.close(code, error.message.slice(0, 200));
  }

  #onAgentClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    const lost = new DataChannelError('connection-lost', 'the connection closed');
    for (const core of [...this.#channels]) {
      if (this.#closingLocally) core.closeQuietly();
      else core.fail(lost);
    }
    this.dispatchEvent(new Event('close'));
  }
}

/**
 * The LP2PConnection of an authenticated agent connection, made on first use. Only one exists per agent
 * connection, since it owns the connection's data-channel-open-request handler.
 * @example
 * const connection = createLP2PConnection(await agent.connect(fingerprint));
 * const channel = connection.createDataChannel('notes');
 */
export function createLP2PConnection(
  agent: AgentConnection,
  quicTransports?: QuicTransportSource,
): LP2PConnection {
  const connection = connections.get(agent) ?? new LP2PConnection(agent);
  if (quicTransports) quicTransportSources.set(connection, quicTransports);
  return connection;
}

/**
 * Where `new LP2PQuicTransport(connection)` gets its session (lp2p-draft §LP2PQuicTransport Interface Extensions),
 * set by whoever created the connection with the peer's grants (LP2PReceiver, LP2PRequest).
 */
const quicTransportSources = new WeakMap<LP2PConnection, QuicTransportSource>();
