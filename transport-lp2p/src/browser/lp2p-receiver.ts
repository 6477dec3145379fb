import { type EventHandler, EventHandlerAttributes } from '../api/index.ts';
import type { Session } from '../platform/index.ts';
import type { BridgeLink } from './bridge-link.ts';
import { listenBridgedSessions, openBridgedSession } from './bridged-sessions.ts';
import { defaultBridgeLink } from './default-link.ts';
import { LP2PConnection } from './lp2p-connection.ts';
import { LP2PConnectionEvent } from './lp2p-connection-event.ts';
import { replyError } from './reply-error.ts';

/** lp2p-draft §LP2PReceiverOptions. */
export interface LP2PReceiverOptions {
  readonly nickname?: string;
}

/**
 * Makes this device discoverable and receives connections (lp2p-draft §LP2PReceiver), through the agent: the user
 * consents in the agent's trusted UI, and only peers they granted to this page's origin arrive as `connection`
 * events. Setting `onconnection` (or adding a `connection` listener) starts it, as in Node.
 *
 * @example
 * const receiver = new LP2PReceiver({ nickname: 'example-receiver' });
 * receiver.onconnection = (e) => console.log('Connection established!', e.connection);
 * await receiver.start();
 */
export class LP2PReceiver extends EventTarget {
  readonly nickname: string;
  readonly #handlers = new EventHandlerAttributes(this);
  readonly #link: () => BridgeLink;
  #started: Promise<void> | undefined;
  #rid: number | undefined;

  constructor(options: LP2PReceiverOptions = {}, link: () => BridgeLink = defaultBridgeLink) {
    super();
    this.nickname = String(options.nickname ?? '');
    this.#link = link;
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
    this.#started ??= (async () => {
      const link = this.#link();
      await link.ready;
      const rid = link.nextId();
      this.#rid = rid;
      await new Promise<void>((resolve, reject) => {
        link.on(rid, (message) => {
          if (message.t === 'reply') {
            if (message.code) reject(replyError(message.code, message.message));
            else resolve();
          } else if (message.t === 'connection') {
            const connection = new LP2PConnection(link, message.conn);
            this.dispatchEvent(new LP2PConnectionEvent('connection', { connection }));
          }
        });
        link.onClose(reject);
        link.send({ t: 'receiver', rid, nickname: this.nickname });
      });
    })();
    return this.#started;
  }

  /** For `new LP2PQuicTransport(receiver)`: starts if needed, then the next q2q session of a granted peer. */
  async openQuicTransportSession({ signal }: { readonly signal: AbortSignal }): Promise<Session> {
    await this.start();
    return openBridgedSession(this.#link(), this.#rid as number, signal);
  }

  /** For `new LP2PQuicTransportListener(receiver)`: starts if needed; q2q sessions of peers granted to the origin. */
  async listenQuicTransportSessions({
    signal,
  }: {
    readonly signal: AbortSignal;
  }): Promise<ReadableStream<Session>> {
    await this.start();
    return listenBridgedSessions(this.#link(), this.#rid as number, signal);
  }

  /** Stops receiving connections (an Offgrid extension, as in Node). */
  stop(): void {
    if (this.#rid === undefined) return;
    const link = this.#link();
    link.forget(this.#rid);
    link.send({ t: 'receiver.stop', rid: this.#rid });
  }
}
