import { isIPv4 } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** Wrong command-line input: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses options strictly: unknown flags and stray arguments are usage errors, not ignored. */
export function parseOptions<T extends OptionSpec>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function defaultStateDir(): string {
  return process.env.OFFGRID_STATE_DIR ?? join(homedir(), '.offgrid');
}

export function parseInterface(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIPv4(value)) throw new UsageError(`--interface takes an IPv4 address, not '${value}'`);
  return value;
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes 0–65535, not '${value}'`);
  return port;
}

export function parseMilliseconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0 || ms > 600_000)
    throw new UsageError(`expected milliseconds, not '${value}'`);
  return ms;
}

/** `--psk-ease N`: osp-network psk-ease-of-input, 0 (cannot type a PSK here) to 100 (easy). */
export function parsePskEase(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ease = Number(value);
  if (!Number.isInteger(ease) || ease < 0 || ease > 100)
    throw new UsageError(`--psk-ease takes 0–100, not '${value}'`);
  return ease;
}

/** Whether a person sits at this terminal: both ends are TTYs. */
export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}
