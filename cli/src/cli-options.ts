import { isIPv4 } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** Wrong command-line input: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** A value that starts like a negative number; `parseArgs` would call it an ambiguous missing argument. */
const NEGATIVE_NUMBER = /^-[\d.]/;

/** Parses options strictly: unknown flags and stray arguments are usage errors, not ignored. */
export function parseOptions<T extends OptionSpec>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * `--port -1` reads to `parseArgs` as a flag missing its value ("argument is ambiguous"); joined as `--port=-1`
 * the value reaches the option's own check, which names the flag and the allowed range.
 */
function joinNegativeValues(args: readonly string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const isStringFlag = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (isStringFlag && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export function defaultStateDir(): string {
  return process.env.OFFGRID_STATE_DIR ?? join(homedir(), '.offgrid');
}

export function parseInterface(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIPv4(value)) throw new UsageError(`--interface takes an IPv4 address, not '${value}'`);
  return value;
}

/**
 * A decimal integer in `min`–`max` given to `flag`. Only digits: `Number()` would also take `0x50`, `1e3`, ` 8 `
 * and `''`, binding ports nobody typed.
 */
export function parseDecimal(flag: string, value: string, min: number, max: number): number {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`${flag} takes a decimal integer from ${min} to ${max}, not '${value}'`);
  return n;
}

export function parsePort(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseDecimal('--port', value, 0, 65535);
}

/** `--wait MS` and the like: whole milliseconds, at most ten minutes. */
export function parseMilliseconds(value: string | undefined, fallback: number, flag = '--wait'): number {
  return value === undefined ? fallback : parseDecimal(flag, value, 0, 600_000);
}

/** `--psk-ease N`: osp-network psk-ease-of-input, 0 (cannot type a PSK here) to 100 (easy). */
export function parsePskEase(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : parseDecimal('--psk-ease', value, 0, 100);
}

/** Whether a person sits at this terminal: both ends are TTYs. */
export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}
