import { CHUNK_BYTES } from '../browser/index.ts';

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/**
 * Joins what a reader yields within one turn of the event loop, up to `CHUNK_BYTES`: QUIC hands a stream's bytes
 * over a packet at a time, and the bridge would otherwise send each as a message of its own. Node only
 * (`setImmediate` marks the end of a turn).
 */
export class ReadGatherer {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pending: Promise<ReadResult> | undefined;
  /** Bytes read that would have made the last message too big: the next one starts with them. */
  #carry: Uint8Array | undefined;

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>) {
    this.#reader = reader;
  }

  /** The next bytes (at most `CHUNK_BYTES` unless one read gave more), or undefined at the end of the stream. */
  async next(): Promise<Uint8Array | undefined> {
    let first = this.#carry;
    this.#carry = undefined;
    if (first === undefined) {
      const read = await this.#read();
      if (read.done) return undefined;
      first = read.value;
    }
    const parts = [first];
    let size = first.byteLength;
    while (size < CHUNK_BYTES) {
      const more = await Promise.race([this.#read(), turnEnded()]);
      if (more === TURN_ENDED) break;
      this.#pending = undefined;
      if (more.done) {
        // The end comes with the next call.
        this.#pending = Promise.resolve(more);
        break;
      }
      if (size + more.value.byteLength > CHUNK_BYTES) {
        this.#carry = more.value;
        break;
      }
      parts.push(more.value);
      size += more.value.byteLength;
    }
    if (parts.length === 1) return first;
    const joined = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.byteLength;
    }
    return joined;
  }

  /** A read, kept across calls when a turn ended before it resolved (a reader allows one read at a time). */
  #read(): Promise<ReadResult> {
    this.#pending ??= this.#reader.read();
    const pending = this.#pending;
    void pending.then(
      () => {
        if (this.#pending === pending) this.#pending = undefined;
      },
      () => {},
    );
    return pending;
  }
}

const TURN_ENDED = Symbol('turn ended');
const turnEnded = () => new Promise<typeof TURN_ENDED>((resolve) => setImmediate(resolve, TURN_ENDED));
