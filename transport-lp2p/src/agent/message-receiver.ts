import type { DecodeLimits, FrameGate, OspMessage } from '../protocol/index.ts';
import { MessageReader } from '../protocol/index.ts';

/**
 * The receiving half of an ordered group of OSP messages: a unidirectional stream the peer opened, or one
 * direction of a bidirectional stream. Decode errors (and frames the gate refuses) surface as
 * `MessageDecodeError` from `next()`, so the owner decides how to close the connection.
 */
export class MessageReceiver {
  readonly id: number;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder: MessageReader;
  #pending: OspMessage[] = [];
  #ended = false;

  constructor(
    id: number,
    readable: ReadableStream<Uint8Array>,
    limits?: Partial<DecodeLimits>,
    gate?: FrameGate,
  ) {
    this.id = id;
    this.#reader = readable.getReader();
    this.#decoder = new MessageReader(limits, gate);
  }

  /** The next message, or `undefined` when the peer finished the stream. */
  async next(): Promise<OspMessage | undefined> {
    while (this.#pending.length === 0) {
      if (this.#ended) return undefined;
      const { value, done } = await this.#reader.read();
      if (done) {
        this.#ended = true;
        this.#decoder.end(); // A stream that ends inside a frame throws 'truncated'.
        continue;
      }
      this.#pending = this.#decoder.push(value);
    }
    return this.#pending.shift();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<OspMessage> {
    for (let message = await this.next(); message !== undefined; message = await this.next()) yield message;
  }

  /** Stops reading: the peer's writes fail (QUIC STOP_SENDING; a reset on HTTP/2). */
  cancel(reason?: unknown): void {
    this.#reader.cancel(reason).catch(() => {});
  }
}
