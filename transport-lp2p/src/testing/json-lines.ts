import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

interface Waiter<T> {
  readonly predicate: (line: T) => boolean;
  readonly resolve: (line: T) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Collects the JSON lines a child process prints and waits, with a bounded timeout, for one that matches.
 * Lines that are not JSON are skipped; only the last `maxLines` are kept.
 *
 * @example
 * const lines = new JsonLines<{ type: string }>(child.stdout);
 * await lines.waitFor((line) => line.type === 'ready', 5000);
 */
export class JsonLines<T = Record<string, unknown>> {
  readonly #lines: T[] = [];
  readonly #maxLines: number;
  readonly #waiters = new Set<Waiter<T>>();
  #seen = 0;
  #ended = false;

  constructor(stream: Readable, options: { maxLines?: number } = {}) {
    this.#maxLines = options.maxLines ?? 1000;
    const reader = createInterface({ input: stream });
    reader.on('line', (text) => this.#add(text));
    reader.on('close', () => {
      this.#ended = true;
      for (const waiter of this.#waiters) waiter.reject(new Error('stream ended before a matching line'));
      this.#waiters.clear();
    });
  }

  /** How many JSON lines have arrived so far; pass it as `since` to wait only for later lines. */
  get count(): number {
    return this.#seen;
  }

  /** The most recent line, if any. */
  get latest(): T | undefined {
    return this.#lines.at(-1);
  }

  /**
   * Resolves with the first line numbered `since` or later (among those still kept) that satisfies
   * `predicate`; rejects after `timeoutMs` or when the stream ends.
   */
  waitFor(predicate: (line: T) => boolean, timeoutMs: number, options: { since?: number } = {}): Promise<T> {
    const since = options.since ?? 0;
    const firstKept = this.#seen - this.#lines.length;
    const past = this.#lines.slice(Math.max(0, since - firstKept)).find(predicate);
    if (past !== undefined) return Promise.resolve(past);
    if (this.#ended) return Promise.reject(new Error('stream ended before a matching line'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching line within ${timeoutMs} ms; latest: ${JSON.stringify(this.latest)}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        predicate,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  #add(text: string): void {
    let line: T;
    try {
      line = JSON.parse(text) as T;
    } catch {
      return;
    }
    this.#seen += 1;
    this.#lines.push(line);
    if (this.#lines.length > this.#maxLines) this.#lines.shift();
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(line)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(line);
    }
  }
}
