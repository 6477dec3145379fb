import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { parseRedisUrl } from './redis-url.ts';
import { DEFAULT_LIMITS, startServer } from './start-server.ts';

export const SERVE_USAGE = `usage: offgrid serve --port P --data FILE.sqlite --tokens FILE [--host ADDR] [--redis URL]
                     [--max-message-bytes N] [--max-documents-per-connection N] [--max-connections-per-token N]

Runs a Hocuspocus server (the sync server of Offgrid documents) until SIGINT or SIGTERM; prints
'serving ws://HOST:P' when ready. Clients connect at ws://HOST:P/ with @hocuspocus/provider, their token in
its 'token' option. GET http://HOST:P/healthz answers 200.

  --port P        TCP port to listen on (0: any free port, printed)
  --data FILE     SQLite file holding the documents (created if missing; WAL mode, synchronous writes:
                  an update is on disk before the server acknowledges it)
  --tokens FILE   JSON list of grants, re-read when it changes (removing a token closes its connections):
                  [{"token": "...", "access": "read" | "read-write", "prefixes": ["survey/2026-flood/"],
                    "expires": "2027-01-31T00:00:00Z"}]   ("expires" is optional)
  --host ADDR     address to listen on (default 127.0.0.1; 0.0.0.0 for every IPv4 interface)
  --redis URL     redis://[user:password@]host[:port][/db] (rediss:// for TLS): share documents with the
                  other instances that use the same Redis
  --max-message-bytes N             largest message accepted (default ${DEFAULT_LIMITS.maxMessageBytes})
  --max-documents-per-connection N  documents open on one connection (default ${DEFAULT_LIMITS.maxDocumentsPerConnection})
  --max-connections-per-token N     connections open with one token (default ${DEFAULT_LIMITS.maxConnectionsPerToken})
  --help          print this text`;

const OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  tokens: { type: 'string' },
  host: { type: 'string' },
  redis: { type: 'string' },
  'max-message-bytes': { type: 'string' },
  'max-documents-per-connection': { type: 'string' },
  'max-connections-per-token': { type: 'string' },
  help: { type: 'boolean' },
} as const;

/**
 * `offgrid serve`: starts the server, prints `serving ws://HOST:P`, and resolves with the exit code once
 * SIGINT or SIGTERM has shut it down cleanly. Throws `UsageError` on wrong arguments and other `ServerError`s
 * when the server cannot start.
 */
export async function runServeCommand(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseServeArgs>;
  try {
    values = parseServeArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const port = parseInteger('--port', values.port, 0, 65535);
  if (values.data === undefined) throw new UsageError('--data FILE.sqlite is required');
  if (values.tokens === undefined) throw new UsageError('--tokens FILE is required');
  const limits = {
    maxMessageBytes: optionalInteger('--max-message-bytes', values['max-message-bytes'], 1024, 2 ** 30),
    maxDocumentsPerConnection: optionalInteger(
      '--max-documents-per-connection',
      values['max-documents-per-connection'],
      1,
      1e6,
    ),
    maxConnectionsPerToken: optionalInteger(
      '--max-connections-per-token',
      values['max-connections-per-token'],
      1,
      1e6,
    ),
  };
  const server = await startServer({
    port,
    host: values.host,
    dataPath: values.data,
    tokensPath: values.tokens,
    redis: values.redis === undefined ? undefined : parseRedisUrl(values.redis),
    limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
  });
  // Hocuspocus runs some hooks without awaiting them; a rejection there is reported, not fatal to the server.
  const onRejection = (reason: unknown) =>
    console.error(`offgrid serve: unhandled: ${reason instanceof Error ? reason.stack : String(reason)}`);
  process.on('unhandledRejection', onRejection);
  console.log(`serving ${server.url}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.error(`offgrid serve: ${signal}, closing`);
  await server.close();
  process.off('unhandledRejection', onRejection);
  return 0;
}

function parseServeArgs(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
}

function parseInteger(flag: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`${flag} takes ${min}–${max}, not '${value}'`);
  return n;
}

function optionalInteger(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  return value === undefined ? undefined : parseInteger(flag, value, min, max);
}

/** Runs `offgrid serve` as a program: exit code 2 with the usage on wrong arguments, 1 on other failures. */
export async function serveMain(argv: string[]): Promise<number> {
  try {
    return await runServeCommand(argv);
  } catch (error) {
    console.error(`offgrid serve: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error(SERVE_USAGE);
    return error instanceof UsageError ? 2 : 1;
  }
}
