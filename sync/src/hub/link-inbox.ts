import { type ChannelEvent, messageData } from '../channel.ts';
import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import { decodeMessage } from '../protocol/decode-message.ts';
import type { WireLimits } from '../protocol/limits.ts';
import type { SyncMessage } from '../protocol/sync-message.ts';

/**
 * What a link receives: decoded with limits and handled one message at a time, in order. Handling is synchronous
 * except where a hook is async (`authenticate`); messages arriving meanwhile wait here, up to a bound. Anything
 * thrown while decoding or handling goes to `fail` (which closes the link), never out of the event handler.
 */
export class LinkInbox {
  readonly #queue: Uint8Array[] = [];
  readonly #limits: WireLimits;
  readonly #maxQueued: number;
  readonly #handle: (message: SyncMessage) => void | Promise<void>;
  readonly #fail: (error: unknown) => void;
  #draining = false;
  closed = false;

  constructor(
    limits: WireLimits,
    maxQueued: number,
    handle: (message: SyncMessage) => void | Promise<void>,
    fail: (error: unknown) => void,
  ) {
    this.#limits = limits;
    this.#maxQueued = maxQueued;
    this.#handle = handle;
    this.#fail = fail;
  }

  /** The channel's `message` listener. */
  receive = (event: ChannelEvent): void => {
    if (this.closed) return;
    const data = messageData(event);
    if (!(data instanceof ArrayBuffer)) {
      this.#fail(new SyncProtocolError('not-binary', 'a message that is not an ArrayBuffer'));
      return;
    }
    if (this.#queue.length >= this.#maxQueued) {
      this.#fail(new SyncProtocolError('inbox-overflow', 'too many messages while a hook was running'));
      return;
    }
    this.#queue.push(new Uint8Array(data));
    if (!this.#draining) void this.#drain();
  };

  close(): void {
    this.closed = true;
    this.#queue.length = 0;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#queue.length > 0 && !this.closed) {
      const bytes = this.#queue.shift() as Uint8Array;
      try {
        const pending = this.#handle(decodeMessage(bytes, this.#limits));
        if (pending) await pending;
      } catch (error) {
        this.#fail(error);
      }
    }
    this.#draining = false;
  }
}
