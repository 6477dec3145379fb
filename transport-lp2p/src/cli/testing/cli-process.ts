import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LanHost } from '../../testing/lan.ts';

const CLI = join(import.meta.dirname, '../../../bin/offgrid.js');

/** An `offgrid` command running in a LAN host, with its output lines kept for waiting on. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<number>;
  readonly #waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();

  constructor(host: LanHost, args: string[]) {
    this.child = host.spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
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

  /** The first line from index `since` on that passes `test`; rejects after `timeoutMs` or if the process exits. */
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

  /** The JSON object of the first `--json` event line of type `event` from index `since` on. */
  async waitForEvent(event: string, timeoutMs: number, since = 0): Promise<Record<string, unknown>> {
    const line = await this.waitForLine(
      (l) => l.startsWith('{') && JSON.parse(l).event === event,
      timeoutMs,
      since,
    );
    return JSON.parse(line);
  }

  write(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async stop(): Promise<number> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** The PSK in a `PSK: 123-456-789` line. */
export function pskOf(line: string): string {
  return line.slice('PSK: '.length).trim();
}
