import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LanHost } from './lan.ts';

/**
 * A Node program running in a LAN host, its output lines (stdout and stderr) kept for waiting on: what a test
 * sees of a command or example run as a person would run it.
 */
export class LineProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<number>;
  readonly #waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();

  /** Runs `process.execPath` with `args` inside `host`'s namespace. */
  constructor(host: LanHost, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}) {
    this.child = host.spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code ?? -1)));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        for (const waiter of this.#waiters) {
          if (waiter.test(line)) {
            this.#waiters.delete(waiter);
            waiter.resolve(line);
          }
        }
      });
    }
  }

  /** The first line from index `since` on that passes `test`; rejects after `timeoutMs`. */
  waitForLine(test: (line: string) => boolean, timeoutMs: number, since = 0): Promise<string> {
    const past = this.lines.slice(since).find(test);
    if (past !== undefined) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching line in ${timeoutMs} ms; output:\n${this.lines.join('\n')}`));
      }, timeoutMs);
      const waiter = {
        test,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  write(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Ends the program (SIGTERM, or `signal`) and resolves with its exit code once it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
