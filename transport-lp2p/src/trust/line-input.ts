import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * Lines from a terminal or a pipe, one at a time, in order. Lines that arrive before anyone asks are kept (a script
 * may pipe a PSK in before the prompt appears); at most `maxQueued` of them.
 */
export class LineInput {
  readonly #input: Readable;
  readonly #output: Writable | undefined;
  readonly #queued: string[] = [];
  readonly #waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  #reader: Interface | undefined;
  #ended = false;

  constructor(input: Readable, output?: Writable) {
    this.#input = input;
    this.#output = output;
  }

  /** Shows `prompt` (if any) and resolves with the next line; rejects when input ends or `signal` aborts. */
  read(prompt: string, signal?: AbortSignal): Promise<string> {
    this.#start();
    if (prompt) this.#output?.write(prompt);
    const line = this.#queued.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#ended) return Promise.reject(new Error('input ended'));
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.#waiting.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.#waiting.indexOf(waiter);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  close(): void {
    this.#reader?.close();
  }

  #start(): void {
    if (this.#reader) return;
    this.#reader = createInterface({ input: this.#input, terminal: false });
    this.#reader.on('line', (line) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter.resolve(line);
      else if (this.#queued.length < 16) this.#queued.push(line);
    });
    this.#reader.on('close', () => {
      this.#ended = true;
      for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('input ended'));
    });
  }
}
