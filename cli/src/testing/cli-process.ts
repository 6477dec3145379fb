import { join } from 'node:path';
import type { LanHost } from '@offgrid/transport-lp2p/testing';
import { LineProcess } from '@offgrid/transport-lp2p/testing';

const CLI = join(import.meta.dirname, '../../bin/offgrid.js');

/** An `offgrid` command running in a LAN host, with its output lines kept for waiting on. */
export class CliProcess extends LineProcess {
  constructor(host: LanHost, args: string[]) {
    super(host, [CLI, ...args]);
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
}

/** The PSK in a `PSK: 123-456-789` line. */
export function pskOf(line: string): string {
  return line.slice('PSK: '.length).trim();
}
