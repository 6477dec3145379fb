import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { Redis } from '@hocuspocus/extension-redis';
import { type Extension, type Hocuspocus, Server } from '@hocuspocus/server';
import { AccessControl, type AccessLimits } from './access-control.ts';
import { BlobRoutes } from './blob-routes.ts';
import { SqliteBlobs } from './blob-store.ts';
import { ContactLog } from './contact-log.ts';
import { CoordinatorDb } from './coordinator-db.ts';
import { CoordinatorRoutes } from './coordinator-routes.ts';
import { ServerError } from './errors.ts';
import { HealthCheck } from './health-check.ts';
import type { RedisTarget } from './redis-url.ts';
import { sqlitePersistence } from './sqlite-persistence.ts';
import { SqliteStore } from './sqlite-store.ts';
import { SurveyRoutes } from './survey-routes.ts';
import { TokenStore } from './token-store.ts';

/** Limits of `startServer`: everything a client sends is bounded by these. */
export interface ServerLimits extends AccessLimits {
  /** Largest WebSocket message accepted; a bigger one closes the connection (1009). */
  readonly maxMessageBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxDocumentsPerConnection: 100,
  maxConnectionsPerToken: 50,
};

export interface ServerOptions {
  /** TCP port; 0 picks a free one (see `RunningServer.port`). */
  readonly port: number;
  /** Address to listen on; default 127.0.0.1 (put a TLS reverse proxy in front, see docs/deploy.md). */
  readonly host?: string;
  /** The SQLite file; created when missing. */
  readonly dataPath: string;
  /** The tokens file (JSON, see `parseTokensFile`); re-read when it changes. */
  readonly tokensPath: string;
  /** Share documents with other instances through this Redis. */
  readonly redis?: RedisTarget;
  readonly limits?: Partial<ServerLimits>;
  /** Where refusals and faults are reported; default standard error. */
  readonly log?: (message: string) => void;
}

export interface RunningServer {
  /** `ws://HOST:PORT`, where clients connect with `@hocuspocus/provider`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly hocuspocus: Hocuspocus;
  readonly store: SqliteStore;
  /** Closes every connection, compacts what is pending, and closes the file and Redis. */
  close(): Promise<void>;
}

/**
 * Starts an unmodified `@hocuspocus/server` with the extensions of `offgrid serve`: durable SQLite storage,
 * token access on document-name prefixes, limits, `GET /healthz`, and Redis scale-out when `redis` is given.
 * Throws `ServerError` subclasses (`TokensFileError`, `StorageError`, `ServerError` code `listen-failed` or
 * `redis-unreachable`) when it cannot start.
 *
 * @example
 * const server = await startServer({ port: 8080, dataPath: 'docs.sqlite', tokensPath: 'tokens.json' });
 * console.log(`serving ${server.url}`);
 * process.on('SIGTERM', () => server.close());
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const tokens = new TokenStore(options.tokensPath, log);
  const store = new SqliteStore(options.dataPath);
  const blobs = new SqliteBlobs(options.dataPath);
  const coordinatorDb = new CoordinatorDb(options.dataPath);
  const contacts = new ContactLog(coordinatorDb, log);
  const coordinator = new CoordinatorRoutes(tokens, store, coordinatorDb, contacts, log);
  const extensions: Extension[] = [
    new HealthCheck(),
    new BlobRoutes(tokens, blobs, log),
    coordinator,
    contacts,
    new SurveyRoutes(tokens, store, log, undefined, blobs),
    new AccessControl(tokens, limits, log),
    ...sqlitePersistence(store, log),
  ];
  let redis: Redis | undefined;
  if (options.redis) {
    redis = new Redis({ host: options.redis.host, port: options.redis.port, options: options.redis.options });
    extensions.push(redis);
  }
  const server = new Server({
    port: options.port,
    address: host,
    quiet: true,
    stopOnSignals: false,
    websocketOptions: { maxPayload: limits.maxMessageBytes },
    // A device's gateway opens every document it carries at once, each waiting for its authentication: with
    // Hocuspocus' own cap (100) a data mule carrying more closed its connection over and over and never landed.
    // Our documents-per-connection limit is the bound the operator chose; pending ones count against the same,
    // never below Hocuspocus' own 100 (under it, Hocuspocus would close the connection before our access control
    // could refuse the one document over the limit with a typed answer).
    maxPendingDocuments: Math.max(100, limits.maxDocumentsPerConnection),
    extensions,
  });
  const release = async () => {
    tokens.close();
    contacts.flush();
    coordinatorDb.close();
    store.close();
    blobs.close();
  };
  try {
    if (redis) await redisReady(redis, log);
    await listen(server);
  } catch (error) {
    await server.destroy().catch(() => {});
    await release();
    throw error;
  }
  tokens.watch();
  // Hocuspocus' destroy() closes only connections that joined a document; a socket still authenticating, or one
  // whose documents were all closed, would stay open and its client would believe it is online.
  const sockets = new Set<Duplex>();
  server.httpServer.on('upgrade', (_request, socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = server.address.port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    hocuspocus: server.hocuspocus,
    store,
    close: () => {
      // The coordinator's live documents first: Hocuspocus' destroy waits for every document to unload.
      closing ??= coordinator
        .close()
        .then(() => server.destroy())
        .then(() => {
          for (const socket of sockets) socket.destroy();
        })
        .then(release);
      return closing;
    },
  };
}

async function listen(server: Server): Promise<void> {
  const failed = once(server.httpServer, 'error').then(([error]) => {
    throw new ServerError('listen-failed', `cannot listen: ${(error as Error).message}`, { cause: error });
  });
  await Promise.race([server.listen(), failed]);
}

/** Waits until both Redis connections are up, so `serving` is printed only when scale-out works. */
async function redisReady(redis: Redis, log: (message: string) => void): Promise<void> {
  const clients = [redis.pub, redis.sub];
  for (const client of clients)
    client.on('error', (error: Error) => log(`offgrid serve: redis: ${error.message}`));
  const timeout = AbortSignal.timeout(10_000);
  try {
    await Promise.all(
      clients.map((client) =>
        client.status === 'ready' ? undefined : once(client, 'ready', { signal: timeout }),
      ),
    );
  } catch (error) {
    const reason =
      (error as Error).name === 'AbortError' ? 'no answer within 10 s' : (error as Error).message;
    throw new ServerError('redis-unreachable', `cannot reach Redis: ${reason}`, { cause: error });
  }
}
