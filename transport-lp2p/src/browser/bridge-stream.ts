import type { SessionStream } from '../platform/index.ts';
import type { BridgeLink } from './bridge-link.ts';
import { type AgentMessage, CHUNK_BYTES } from './bridge-protocol.ts';

/** Bytes either side may send on a bridged stream beyond what the other side's reader has taken. */
export const STREAM_WINDOW = 1024 * 1024;

/**
 * One stream of a bridged q2q session, as a `SessionStream`: bytes to and from the agent's QUIC stream in bridge
 * messages, with a credit window each way (`st.credit` says how many bytes the reader has taken in all), so a slow
 * reader on either side holds the writer on the other instead of filling memory.
 */
export class BridgeStream implements SessionStream {
  readonly id: number;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly #link: BridgeLink;
  #readController!: ReadableStreamDefaultController<Uint8Array>;
  #received = 0;
  #credited = 0;
  #sent = 0;
  #peerCredit = 0;
  #creditWaiter: (() => void) | undefined;
  #done = false;

  constructor(link: BridgeLink, id: number) {
    this.#link = link;
    this.id = id;
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#readController = controller;
        },
        pull: () => this.#credit(),
        cancel: () => this.#reset(),
      },
      new ByteLengthQueuingStrategy({ highWaterMark: STREAM_WINDOW }),
    );
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => this.#write(chunk),
      close: () => link.send({ t: 'st.data', st: id, d: new Uint8Array(0), fin: true }),
      abort: () => this.#reset(),
    });
    link.on(id, (message) => this.#handle(message));
  }

  /** The session ended: both directions fail. */
  fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#link.forget(this.id);
    try {
      this.#readController.error(error);
    } catch {}
    this.#creditWaiter?.();
  }

  async #write(chunk: Uint8Array): Promise<void> {
    for (let at = 0; at < chunk.byteLength; at += CHUNK_BYTES) {
      const part = chunk.subarray(at, Math.min(at + CHUNK_BYTES, chunk.byteLength));
      while (!this.#done && this.#sent - this.#peerCredit + part.byteLength > STREAM_WINDOW) {
        await new Promise<void>((resolve) => {
          this.#creditWaiter = resolve;
        });
      }
      if (this.#done) throw new DOMException('the stream was reset', 'AbortError');
      this.#sent += part.byteLength;
      this.#link.send({ t: 'st.data', st: this.id, d: part, fin: false });
    }
  }

  #handle(message: AgentMessage): void {
    if (message.t === 'st.data') {
      this.#received += message.d.byteLength;
      if (message.d.byteLength > 0) this.#readController.enqueue(message.d);
      if (message.fin) this.#readController.close();
    } else if (message.t === 'st.credit') {
      this.#peerCredit = Math.max(this.#peerCredit, message.n);
      const waiter = this.#creditWaiter;
      this.#creditWaiter = undefined;
      waiter?.();
    } else if (message.t === 'st.reset') {
      this.fail(new DOMException('the peer reset the stream', 'AbortError'));
    }
  }

  /** Tells the agent how much the reader has taken, once a quarter window has gone or the queue is empty. */
  #credit(): void {
    const queued = STREAM_WINDOW - (this.#readController.desiredSize ?? STREAM_WINDOW);
    const taken = this.#received - Math.max(0, queued);
    if (taken > this.#credited && (taken - this.#credited >= STREAM_WINDOW / 4 || queued <= 0)) {
      this.#credited = taken;
      this.#link.send({ t: 'st.credit', st: this.id, n: taken });
    }
  }

  #reset(): void {
    if (this.#done) return;
    this.#link.send({ t: 'st.reset', st: this.id });
    this.fail(new DOMException('the stream was reset', 'AbortError'));
  }
}
