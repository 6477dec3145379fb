import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LanHost } from '@offgrid/transport-lp2p/testing';
import { OFFGRID_BIN } from './serve-process.ts';

/** Port every namespace test runs `offgrid serve` on (each host has its own network stack). */
export const SERVE_PORT = 7777;

export interface ServeInHostOptions {
  readonly data: string;
  readonly tokens: string;
  /** Address to listen on inside the host; default every address (`0.0.0.0`). */
  readonly listen?: string;
  /** More `offgrid serve` flags (limits…). */
  readonly extra?: readonly string[];
}

/**
 * Runs `offgrid serve` inside a namespace host on {@link SERVE_PORT} and resolves once it printed its
 * `serving …` line (15 s at most). The caller stops the child (or the host's close kills it).
 */
export function startServeInHost(
  host: Pick<LanHost, 'spawn'>,
  options: ServeInHostOptions,
): Promise<ChildProcess> {
  const args = [
    OFFGRID_BIN,
    'serve',
    '--host',
    options.listen ?? '0.0.0.0',
    '--port',
    String(SERVE_PORT),
    '--data',
    options.data,
    '--tokens',
    options.tokens,
    ...(options.extra ?? []),
  ];
  const child = host.spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('offgrid serve did not start')), 15_000);
    createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) => {
      if (!line.startsWith('serving ')) return;
      clearTimeout(timer);
      resolve(child);
    });
  });
}
