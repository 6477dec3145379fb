import { MessageDecodeError } from '../errors/protocol-errors.ts';
import { ByteQueue } from './byte-queue.ts';
import { CborScanner } from './cbor-scanner.ts';
import { decodeFrame, frameLimit, lookupSchema } from './codec.ts';
import { dataFrameLayout, dataFrameMessage } from './data-frame.ts';
import { type DecodeLimits, resolveLimits } from './decode-limits.ts';
import type { OspMessage } from './messages.ts';
import { readVarintAt } from './varint.ts';

/**
 * Splits the bytes of one QUIC stream into OSP messages (osp-network §messages), whatever the chunking.
 *
 * Linear in the input: the frame being received keeps its `CborScanner`, which only looks at new bytes and
 * skips string contents by their declared length, so a 64 MiB data-frame in 64 KiB chunks is scanned once, not
 * once per chunk. A complete frame is copied out of the chunks at most once (not at all if it sits in one chunk);
 * the payload of a data-frame is copied exactly once, into a buffer of its own.
 *
 * Any error is final: the stream is out of sync and its connection should be closed. Messages that precede a
 * bad frame in the same chunk are still returned; the error is thrown by the next `push` or `end`.
 *
 * @example
 * const reader = new MessageReader();
 * stream.on('data', (chunk) => { for (const message of reader.push(chunk)) handle(message); });
 * stream.on('end', () => reader.end());
 */
export class MessageReader {
  readonly #limits: Readonly<DecodeLimits>;
  readonly #queue = new ByteQueue();
  /** Scanner of the frame being received, once its type key is known. */
  #scanner: CborScanner | undefined;
  #failure: MessageDecodeError | undefined;

  constructor(limits?: Partial<DecodeLimits>) {
    this.#limits = resolveLimits(limits);
  }

  /** Bytes received but not yet returned as messages. */
  get bufferedBytes(): number {
    return this.#queue.length;
  }

  /**
   * Adds received bytes; returns the messages they complete, in order.
   * @throws MessageDecodeError for a bad frame (or one found by an earlier call).
   */
  push(chunk: Uint8Array): OspMessage[] {
    if (this.#failure) throw this.#failure;
    this.#queue.push(chunk);
    const messages: OspMessage[] = [];
    try {
      for (let message = this.#next(); message !== undefined; message = this.#next()) messages.push(message);
    } catch (error) {
      if (!(error instanceof MessageDecodeError)) throw error;
      this.#failure = error;
      if (messages.length === 0) throw error;
    }
    return messages;
  }

  /**
   * Declares the stream finished.
   * @throws MessageDecodeError 'truncated' if it ended inside a frame, or any pending failure.
   */
  end(): void {
    if (this.#failure) throw this.#failure;
    if (this.#queue.length > 0) {
      this.#failure = new MessageDecodeError(
        'truncated',
        `stream ended inside a frame (${this.#queue.length} bytes)`,
      );
      throw this.#failure;
    }
  }

  #next(): OspMessage | undefined {
    const queue = this.#queue;
    if (this.#scanner === undefined) {
      const typeKey = readVarintAt(queue.byteAt, 0, queue.length);
      if (typeKey === undefined) return undefined;
      // Unknown keys fail here, before any of their body is buffered.
      const schema = lookupSchema(typeKey.value);
      const end = frameLimit(schema, this.#limits);
      this.#scanner = new CborScanner(typeKey.length, { ...this.#limits, end });
    }
    const frameLength = this.#scanner.scan(queue.byteAt, queue.length);
    if (frameLength === undefined) return undefined;
    this.#scanner = undefined;
    // The bulk path: a data-frame's payload is copied once, out of the chunks into a buffer of its own.
    const layout = dataFrameLayout(queue.byteAt, frameLength);
    if (layout !== undefined) {
      queue.take(layout.payloadOffset);
      return dataFrameMessage(layout, queue.takeCopy(frameLength - layout.payloadOffset));
    }
    // Re-scanning the complete frame costs only its headers; it also checks UTF-8, which needs contiguous bytes.
    return decodeFrame(queue.take(frameLength), this.#limits);
  }
}

/**
 * Reads the messages of a stream of OSP frames. The stream is cancelled if a frame is bad.
 * @throws MessageDecodeError for a bad frame or a stream ending inside a frame.
 * @example
 * for await (const message of readMessages(stream.readable)) handle(message);
 */
export async function* readMessages(
  readable: ReadableStream<Uint8Array>,
  limits?: Partial<DecodeLimits>,
): AsyncGenerator<OspMessage> {
  const reader = new MessageReader(limits);
  const source = readable.getReader();
  try {
    for (;;) {
      const { done, value } = await source.read();
      if (done) break;
      let messages: OspMessage[];
      try {
        messages = reader.push(value);
      } catch (error) {
        await source.cancel(error).catch(() => {});
        throw error;
      }
      yield* messages;
    }
    reader.end();
  } finally {
    source.releaseLock();
  }
}
