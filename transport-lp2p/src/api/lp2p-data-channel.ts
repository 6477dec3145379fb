import type { DataChannelState } from './data-channel-core.ts';
import type { BinaryType, DataChannelData } from './data-channel-payload.ts';
import { type EventHandler, EventHandlerAttributes } from './event-handler-attribute.ts';
import type { LP2PErrorEvent } from './lp2p-events.ts';

/** lp2p §LP2PDataChannelInit. */
export interface LP2PDataChannelInit {
  protocol?: string;
  /** A channel id (0–65534) to use instead of one picked for you; it must not be in use on the connection. */
  id?: number;
}

type Handler<E extends Event = Event> = EventHandler<LP2PDataChannel, E>;

/**
 * What an `LP2PDataChannel` is a face of: `DataChannelCore` over an OSP stream in Node, or the browser module's
 * channel over the loopback bridge (src/browser). It fires the channel's events at `channel`.
 */
export interface DataChannelBackend {
  readonly setup: { readonly label: string; readonly protocol: string; readonly id: number | null };
  readonly readyState: DataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  send(data: DataChannelData): void;
  close(): void;
}

/**
 * A bidirectional, ordered, reliable message channel to a peer (lp2p §LP2PDataChannel), shaped like WebRTC's
 * RTCDataChannel. Get one from `LP2PConnection.createDataChannel` or its `datachannel` event; the draft's
 * constructor has no defined behaviour, so this one is internal.
 *
 * Events: `open`, `message` (MessageEvent), `bufferedamountlow`, `closing` (the peer closed), `close`, and
 * `error` (an LP2PErrorEvent, fired before `close` when the channel failed).
 *
 * @example
 * const channel = connection.createDataChannel('chat');
 * channel.onopen = () => channel.send('hello');
 * channel.onmessage = (e) => console.log(e.data);
 */
export class LP2PDataChannel extends EventTarget {
  readonly #core: DataChannelBackend;
  readonly #handlers = new EventHandlerAttributes(this);

  /** @internal Channels come from LP2PConnection. */
  constructor(core: DataChannelBackend) {
    super();
    this.#core = core;
  }

  get label(): string {
    return this.#core.setup.label;
  }

  get protocol(): string {
    return this.#core.setup.protocol;
  }

  /** Unique among the connection's open channels; in Node never null, ids being assigned at creation. */
  get id(): number | null {
    return this.#core.setup.id;
  }

  get readyState(): DataChannelState {
    return this.#core.readyState;
  }

  /** Payload bytes passed to `send` that the transport has not taken yet (WebRTC §6.2). */
  get bufferedAmount(): number {
    return this.#core.bufferedAmount;
  }

  /** `bufferedamountlow` fires when `bufferedAmount` falls from above this to at or below it. */
  get bufferedAmountLowThreshold(): number {
    return this.#core.bufferedAmountLowThreshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    // WebIDL unsigned long conversion, as RTCDataChannel's attribute.
    this.#core.bufferedAmountLowThreshold = Number.isFinite(value) ? Math.trunc(value) >>> 0 : 0;
  }

  /** How binary messages arrive: 'arraybuffer' (the default, as in WebRTC) or 'blob'. */
  get binaryType(): BinaryType {
    return this.#core.binaryType;
  }

  set binaryType(value: BinaryType) {
    if (value === 'blob' || value === 'arraybuffer') this.#core.binaryType = value;
    else throw new DOMException(`binaryType must be 'blob' or 'arraybuffer'`, 'SyntaxError');
  }

  /**
   * Queues a message. Strings arrive as strings, everything else as binary (see `binaryType`).
   * @throws DOMException InvalidStateError unless the channel is open; TypeError above MAX_MESSAGE_SIZE.
   */
  send(data: DataChannelData): void {
    this.#core.send(data);
  }

  /** Closes after queued messages are sent; `close` fires once the peer has closed its side too. */
  close(): void {
    this.#core.close();
  }

  get onopen(): Handler {
    return this.#handlers.get('open');
  }
  set onopen(handler: Handler) {
    this.#handlers.set('open', handler);
  }
  get onmessage(): Handler<MessageEvent> {
    return this.#handlers.get('message');
  }
  set onmessage(handler: Handler<MessageEvent>) {
    this.#handlers.set('message', handler);
  }
  get onbufferedamountlow(): Handler {
    return this.#handlers.get('bufferedamountlow');
  }
  set onbufferedamountlow(handler: Handler) {
    this.#handlers.set('bufferedamountlow', handler);
  }
  get onerror(): Handler<LP2PErrorEvent> {
    return this.#handlers.get('error');
  }
  set onerror(handler: Handler<LP2PErrorEvent>) {
    this.#handlers.set('error', handler);
  }
  get onclosing(): Handler {
    return this.#handlers.get('closing');
  }
  set onclosing(handler: Handler) {
    this.#handlers.set('closing', handler);
  }
  get onclose(): Handler {
    return this.#handlers.get('close');
  }
  set onclose(handler: Handler) {
    this.#handlers.set('close', handler);
  }
}
