import { MessageDecodeError } from '../errors/index.ts';
import { ByteQueue } from './byte-queue.ts';
import { CborScanner } from './cbor-scanner.ts';
import { decodeFrame, frameLimit, lookupSchema } from './codec.ts';
import { MessageType } from './constants.ts';
import { type DataFrameHead, readDataFrameHead } from './data-frame.ts';
import { type DecodeLimits, resolveLimits } from './decode-limits.ts';
import type { OspMessage, OspMessageName } from './messages.ts';
import type { MessageSchema } from './schema.ts';
import { unfilledBytes } from './unfilled-bytes.ts';
import { readVarintAt } from './varint.ts';

/**
 * Decides, from a frame's type key alone and before any of its body is buffered, whether the frame may be read
 * now: `false` refuses it (`MessageDecodeError` 'not-allowed'), a number caps its size in bytes below the
 * decode limits, `undefined` applies the limits alone. Asked again for every frame, so the answer may change
 * (e.g. once the peer is authenticated).
 */
export type FrameGate = (type: OspMessageName) => number | false | undefined;

/**
 * Splits the bytes of one QUIC stream into OSP messages (osp-network §messages), whatever the chunking.
 *
 * Linear in the input: the frame being received keeps its `CborScanner`, which only looks at new bytes and
 * skips string contents by their declared length, so a 64 MiB data-frame in 64 KiB chunks is scanned once, not
 * once per chunk. A complete frame is copied out of the chunks at most once (not at all if it sits in one chunk).
 * The bulk path is cheaper still: a data-frame in the layout we send has its payload copied exactly once into a
 * buffer of its own (so it can be handed out as an ArrayBuffer), from the queue once half of it has arrived and
 * from each chunk as it arrives after that, so the rest of the chunks are not kept.
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
  readonly #gate: FrameGate | undefined;
  readonly #queue = new ByteQueue();
  /** Scanner of the frame being received, once its type key is known. */
  #scanner: CborScanner | undefined;
  /** The head of a data-frame whose payload is gathering in the queue until half of it is there. */
  #head: DataFrameHead | undefined;
  /** The byte limit the gate and limits set for the data-frame in `#head`. */
  #headLimit = 0;
  /** The data-frame whose payload is being filled from arriving chunks; the queue is empty meanwhile. */
  #payload: PayloadInProgress | undefined;
  #failure: MessageDecodeError | undefined;

  constructor(limits?: Partial<DecodeLimits>, gate?: FrameGate) {
    this.#limits = resolveLimits(limits);
    this.#gate = gate;
  }

  /** Bytes received but not yet returned as messages. */
  get bufferedBytes(): number {
    return this.#queue.length + (this.#payload?.filled ?? 0);
  }

  /**
   * Adds received bytes; returns the messages they complete, in order.
   * @throws MessageDecodeError for a bad frame (or one found by an earlier call).
   */
  push(chunk: Uint8Array): OspMessage[] {
    if (this.#failure) throw this.#failure;
    const messages: OspMessage[] = [];
    let rest = chunk;
    const payload = this.#payload;
    if (payload !== undefined) {
      rest = payload.fill(chunk);
      if (!payload.complete) return messages;
      messages.push(payload.message());
      this.#payload = undefined;
    }
    this.#queue.push(rest);
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
    if (this.bufferedBytes > 0) {
      this.#failure = new MessageDecodeError(
        'truncated',
        `stream ended inside a frame (${this.bufferedBytes} bytes)`,
      );
      throw this.#failure;
    }
  }

  #next(): OspMessage | undefined {
    const queue = this.#queue;
    if (this.#scanner === undefined) {
      // A data-frame head read once is kept while the first half of its payload gathers.
      if (this.#head !== undefined) return this.#startPayload(this.#head, this.#headLimit);
      const typeKey = readVarintAt(queue.byteAt, 0, queue.length);
      if (typeKey === undefined) return undefined;
      // Unknown keys, and keys the gate refuses, fail here, before any of their body is buffered.
      const schema = lookupSchema(typeKey);
      const end = this.#admit(schema);
      if (schema.typeKey === MessageType.DataFrame) {
        const head = readDataFrameHead(queue.byteAt, queue.length);
        if (head === 'incomplete') return undefined;
        if (head !== undefined) return this.#startPayload(head, end);
      }
      this.#scanner = new CborScanner(typeKey.length, { ...this.#limits, end });
    }
    const frameLength = this.#scanner.scan(queue.byteAt, queue.length);
    if (frameLength === undefined) return undefined;
    this.#scanner = undefined;
    // Re-scanning the complete frame costs only its headers; it also checks UTF-8, which needs contiguous bytes.
    return decodeFrame(queue.take(frameLength), this.#limits);
  }

  /** The largest frame of `schema` to read now; throws if the gate refuses the type. */
  #admit(schema: MessageSchema): number {
    const limit = frameLimit(schema, this.#limits);
    const gated = this.#gate?.(schema.type);
    if (gated === false) {
      throw new MessageDecodeError('not-allowed', `${schema.type} is not allowed now`, {
        messageType: schema.type,
      });
    }
    return gated === undefined ? limit : Math.min(limit, gated);
  }

  /**
   * Starts filling a data-frame's payload with what is queued, once half of it is there; returns the message if
   * that is all of it. Until then the chunks stay queued: the payload's buffer is sized from the frame's head,
   * and a peer that announces a big frame and sends little must not make this side hold more than twice what
   * it sent. Either way each byte is copied once.
   */
  #startPayload(head: DataFrameHead, limit: number): OspMessage | undefined {
    const frameLength = head.payloadOffset + head.payloadLength;
    if (frameLength > limit) {
      throw new MessageDecodeError('frame-too-large', `data-frame of ${frameLength} bytes exceeds ${limit}`);
    }
    const queue = this.#queue;
    if (2 * (queue.length - head.payloadOffset) < head.payloadLength) {
      this.#head = head;
      this.#headLimit = limit;
      return undefined;
    }
    this.#head = undefined;
    queue.take(head.payloadOffset);
    const payload = new PayloadInProgress(head);
    const ready = Math.min(queue.length, head.payloadLength);
    queue.takeInto(payload.bytes.subarray(0, ready));
    payload.filled = ready;
    if (payload.complete) return payload.message();
    this.#payload = payload;
    return undefined;
  }
}

const NOTHING = new Uint8Array(0);

/** A data-frame payload being copied out of arriving chunks. */
class PayloadInProgress {
  readonly head: DataFrameHead;
  readonly bytes: Uint8Array;
  filled = 0;

  constructor(head: DataFrameHead) {
    this.head = head;
    this.bytes = unfilledBytes(head.payloadLength);
  }

  get complete(): boolean {
    return this.filled === this.bytes.length;
  }

  /** Copies what `chunk` holds of the payload; returns the rest of the chunk, which follows the frame. */
  fill(chunk: Uint8Array): Uint8Array {
    const count = Math.min(chunk.length, this.bytes.length - this.filled);
    this.bytes.set(count === chunk.length ? chunk : chunk.subarray(0, count), this.filled);
    this.filled += count;
    return count === chunk.length ? NOTHING : chunk.subarray(count);
  }

  message(): OspMessage {
    return { type: 'data-frame', encodingId: this.head.encodingId, payload: this.bytes };
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
  gate?: FrameGate,
): AsyncGenerator<OspMessage> {
  const reader = new MessageReader(limits, gate);
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
