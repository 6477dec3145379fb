import type { ServerHttp2Stream } from 'node:http2';
import type { SessionError } from '../errors/index.ts';

/**
 * Server side of the reverse-stream scheme (see tcp-session.ts): streams the client pre-opened, waiting to be
 * claimed by `openStream()`. FIFO; callers that find it empty wait for the client to replenish it.
 */
export class ReverseStreamPool {
  readonly #idle: ServerHttp2Stream[] = [];
  readonly #waiters: { resolve: (s: ServerHttp2Stream) => void; reject: (e: unknown) => void }[] = [];
  readonly #limit: number;
  #closed: SessionError | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Returns false when the client exceeded the pool limit; the caller refuses that stream. */
  offer(stream: ServerHttp2Stream): boolean {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve(stream);
      return true;
    }
    if (this.#idle.length >= this.#limit) return false;
    this.#idle.push(stream);
    stream.once('close', () => {
      const index = this.#idle.indexOf(stream);
      if (index >= 0) this.#idle.splice(index, 1);
    });
    return true;
  }

  claim(): Promise<ServerHttp2Stream> {
    if (this.#closed) return Promise.reject(this.#closed);
    const stream = this.#idle.shift();
    if (stream) return Promise.resolve(stream);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  close(error: SessionError): void {
    this.#closed = error;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    this.#idle.length = 0;
  }
}
