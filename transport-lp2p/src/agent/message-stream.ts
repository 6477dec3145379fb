import type { SessionStream } from '../platform/index.ts';
import type { DecodeLimits, OspMessage } from '../protocol/index.ts';
import { encodeMessage, MessageReader } from '../protocol/index.ts';

/**
 * OSP messages over one session stream (osp-network §Messages delivery): a group of messages that must stay in
 * order shares a stream. Reading yields decoded messages; decode errors surface as `MessageDecodeError` from
 * `next()`, so the owner decides how to close the connection.
 */
export class MessageStream {
  readonly id: number;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder: MessageReader;
  #pending: OspMessage[] = [];
  #ended = false;

  constructor(stream: SessionStream, limits?: Partial<DecodeLimits>) {
    this.id = stream.id;
    this.#writer = stream.writable.getWriter();
    this.#reader = stream.readable.getReader();
    this.#decoder = new MessageReader(limits);
  }

  /** Queues one message; resolves when the transport accepted it (backpressure). */
  send(message: OspMessage): Promise<void> {
    return this.#writer.write(encodeMessage(message));
  }

  /** Writes already-encoded bytes (a frame from `encodeMessage`), for callers that encode off the hot path. */
  sendEncoded(frame: Uint8Array): Promise<void> {
    return this.#writer.write(frame);
  }

  /** Bytes accepted by `send` but not yet taken by the transport. */
  get desiredSize(): number | null {
    return this.#writer.desiredSize;
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

  /** Ends our direction of the stream; the peer's `next()` then returns `undefined`. */
  async finish(): Promise<void> {
    await this.#writer.close().catch(() => {});
  }

  /** Aborts both directions, e.g. when the connection is torn down. */
  abort(reason?: unknown): void {
    this.#writer.abort(reason).catch(() => {});
    this.#reader.cancel(reason).catch(() => {});
  }
}
