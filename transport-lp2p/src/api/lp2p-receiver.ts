import type { AgentConnection } from '../agent/index.ts';
import type { Session } from '../platform/index.ts';
import { defaultLocalPeerManager } from './default-manager.ts';
import type { EventHandler } from './event-handler-attribute.ts';
import { EventHandlerAttributes } from './event-handler-attribute.ts';
import type { LocalPeerManager } from './local-peer-manager.ts';
import { createLP2PConnection } from './lp2p-connection.ts';
import { LP2PConnectionEvent } from './lp2p-connection-event.ts';
import type {
  QuicTransportListenerSource,
  QuicTransportSource,
} from './quic-transport/quic-transport-source.ts';

/** lp2p-draft §LP2PReceiverOptions, plus Offgrid's `manager` (the default one otherwise). */
export interface LP2PReceiverOptions {
  readonly nickname?: string;
  readonly manager?: LocalPeerManager | Promise<LocalPeerManager>;
}

/**
 * Makes this device discoverable and receives connections (lp2p-draft §LP2PReceiver). `start()` resolves once the
 * user consented and the agent advertises; each peer that connects, authenticates and is granted to this origin
 * arrives as a `connection` event. As with `MessagePort.onmessage`, setting `onconnection` (or adding a
 * `connection` listener) starts the receiver implicitly, so code that never calls `start()` still receives.
 *
 * @example
 * const receiver = new LP2PReceiver({ nickname: 'example-receiver' });
 * receiver.onconnection = (e) => console.log('Connection established!', e.connection);
 * await receiver.start();
 */
export class LP2PReceiver extends EventTarget implements QuicTransportSource, QuicTransportListenerSource {
  readonly nickname: string;
  readonly #handlers = new EventHandlerAttributes(this);
  readonly #manager: Promise<LocalPeerManager>;
  #started: Promise<LocalPeerManager> | undefined;
  #stopListening: (() => void) | undefined;

  constructor(options: LP2PReceiverOptions = {}) {
    super();
    this.nickname = options.nickname ?? '';
    this.#manager = Promise.resolve(options.manager ?? defaultLocalPeerManager());
  }

  get onconnection(): EventHandler<LP2PReceiver, LP2PConnectionEvent> {
    return this.#handlers.get('connection');
  }

  set onconnection(handler: EventHandler<LP2PReceiver, LP2PConnectionEvent>) {
    this.#handlers.set('connection', handler);
    if (handler) void this.start().catch(() => {});
  }

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    super.addEventListener(...args);
    if (args[0] === 'connection' && args[1]) void this.start().catch(() => {});
  }

  /** Asks for consent and advertises; resolves once discoverable. Idempotent. */
  start(): Promise<void> {
    this.#started ??= this.#manager.then(async (manager) => {
      this.#stopListening = manager.onGrantedConnection(this.nickname, (connection) =>
        this.#deliver(connection, manager),
      );
      await manager.startAdvertising(this.nickname);
      return manager;
    });
    return this.#started.then(() => undefined);
  }

  /** For `new LP2PQuicTransport(receiver)`: starts if needed, then takes the next q2q session of a granted peer. */
  async openQuicTransportSession({ signal }: { readonly signal: AbortSignal }): Promise<Session> {
    const sessions = await this.listenQuicTransportSessions({ signal });
    const reader = sessions.getReader();
    try {
      const { value, done } = await reader.read();
      if (done) throw new DOMException('the receiver stopped', 'AbortError');
      return value;
    } finally {
      await reader.cancel().catch(() => {});
    }
  }

  /** For `new LP2PQuicTransportListener(receiver)`: starts if needed; q2q sessions of peers granted to this origin. */
  async listenQuicTransportSessions({
    signal,
  }: {
    readonly signal: AbortSignal;
  }): Promise<ReadableStream<Session>> {
    await this.start();
    return (await this.#manager).incomingQuicTransportSessions({ signal });
  }

  /** Stops receiving connections (an Offgrid extension; the draft has no way to stop). */
  stop(): void {
    this.#stopListening?.();
  }

  #deliver(agentConnection: AgentConnection, manager: LocalPeerManager): void {
    const connection = createLP2PConnection(agentConnection, manager.quicTransportSourceFor(agentConnection));
    this.dispatchEvent(new LP2PConnectionEvent('connection', { connection }));
  }
}
