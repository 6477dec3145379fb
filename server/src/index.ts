export type { AccessContext, AccessLimits } from './access-control.ts';
export { AccessControl } from './access-control.ts';
export { AccessRefusedError, ServerError, StorageError, TokensFileError, UsageError } from './errors.ts';
export { parseRedisUrl, type RedisTarget } from './redis-url.ts';
export { runServeCommand, SERVE_USAGE, serveMain } from './serve-command.ts';
export { SqliteStore } from './sqlite-store.ts';
export {
  DEFAULT_LIMITS,
  type RunningServer,
  type ServerLimits,
  type ServerOptions,
  startServer,
} from './start-server.ts';
export { grantCovers, parseTokensFile, type TokenGrant } from './tokens-file.ts';
