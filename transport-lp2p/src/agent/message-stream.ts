import type { SessionStream } from '../platform/index.ts';
import type { DecodeLimits, FrameGate, OspMessage } from '../protocol/index.ts';
import type { MessageChannel } from './message-channel.ts';
import { MessageReceiver } from './message-receiver.ts';
import { MessageSender } from './message-sender.ts';

/**
 * OSP messages both ways over one bidirectional session stream. OSP messages travel on unidirectional streams
 * (osp-network §Messages); a bidirectional stream is what the LP2P data channel needs (lp2p §data-channel-
 * extension: open-request, open-response and data-frames share one stream), see docs/protocol.md.
 */
export class MessageStream implements MessageChannel {
  readonly id: number;
  readonly #sender: MessageSender;
  readonly #receiver: MessageReceiver;

  constructor(stream: SessionStream, limits?: Partial<DecodeLimits>, gate?: FrameGate) {
    this.id = stream.id;
    this.#sender = new MessageSender(stream.id, stream.writable);
    this.#receiver = new MessageReceiver(stream.id, stream.readable, limits, gate);
  }

  /** The reading half, e.g. to treat the stream as a unidirectional one. */
  get receiver(): MessageReceiver {
    return this.#receiver;
  }

  /** Queues one message; resolves when the transport accepted it (backpressure). */
  send(message: OspMessage): Promise<void> {
    return this.#sender.send(message);
  }

  /** Writes already-encoded bytes (a frame from `encodeMessage`), for callers that encode off the hot path. */
  sendEncoded(frame: Uint8Array): Promise<void> {
    return this.#sender.sendEncoded(frame);
  }

  /** Bytes accepted by `send` but not yet taken by the transport. */
  get desiredSize(): number | null {
    return this.#sender.desiredSize;
  }

  /** The next message, or `undefined` when the peer finished the stream. */
  next(): Promise<OspMessage | undefined> {
    return this.#receiver.next();
  }

  [Symbol.asyncIterator](): AsyncGenerator<OspMessage> {
    return this.#receiver[Symbol.asyncIterator]();
  }

  /** Ends our direction of the stream; the peer's `next()` then returns `undefined`. */
  finish(): Promise<void> {
    return this.#sender.finish();
  }

  /** Aborts both directions, e.g. when the connection is torn down. */
  abort(reason?: unknown): void {
    this.#sender.abort(reason);
    this.#receiver.cancel(reason);
  }
}
