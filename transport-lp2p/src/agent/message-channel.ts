import type { OspMessage } from '../protocol/index.ts';
import type { MessageReceiver } from './message-receiver.ts';
import type { MessageSender } from './message-sender.ts';

/** A conversation of ordered messages both ways, whatever streams carry it (authentication uses this). */
export interface MessageChannel {
  send(message: OspMessage): Promise<void>;
  /** The peer's next message, or `undefined` once it ended its side. */
  next(): Promise<OspMessage | undefined>;
  /** Ends our side. */
  finish(): Promise<void>;
  abort(reason?: unknown): void;
}

/**
 * A conversation over two unidirectional streams (osp-network §Messages): ours, opened on the first `send`,
 * and the peer's, bound when it arrives. Authentication runs on this: each side's auth messages are one
 * ordered group on a stream of its own.
 */
export class UnidirectionalConversation implements MessageChannel {
  readonly #open: () => Promise<MessageSender>;
  #sender: Promise<MessageSender> | undefined;
  #receiver: MessageReceiver | undefined;
  /** Messages already read off the peer's stream (the one that told us whose stream it is). */
  readonly #early: OspMessage[] = [];
  readonly #bound: Promise<MessageReceiver>;
  #bind!: (receiver: MessageReceiver) => void;
  #fail!: (reason: unknown) => void;

  constructor(open: () => Promise<MessageSender>) {
    this.#open = open;
    this.#bound = new Promise((resolve, reject) => {
      this.#bind = resolve;
      this.#fail = reject;
    });
    this.#bound.catch(() => {});
  }

  /** True until the peer's stream is bound. */
  get awaitingPeer(): boolean {
    return this.#receiver === undefined;
  }

  /**
   * Binds the peer's stream. `first`, already read off it, is handed out by `next()` first; leave it out when
   * the caller consumes it itself (the auth-capabilities that starts an attempt the peer began).
   */
  bind(receiver: MessageReceiver, first?: OspMessage): void {
    this.#receiver = receiver;
    if (first !== undefined) this.#early.push(first);
    this.#bind(receiver);
  }

  async send(message: OspMessage): Promise<void> {
    this.#sender ??= this.#open();
    await (await this.#sender).send(message);
  }

  async next(): Promise<OspMessage | undefined> {
    const receiver = await this.#bound;
    // Checked after the wait: binding may have brought an early message.
    return this.#early.shift() ?? receiver.next();
  }

  async finish(): Promise<void> {
    if (this.#sender) await (await this.#sender).finish();
  }

  abort(reason?: unknown): void {
    this.#fail(reason);
    this.#receiver?.cancel(reason);
    this.#sender?.then((sender) => sender.abort(reason)).catch(() => {});
  }
}
