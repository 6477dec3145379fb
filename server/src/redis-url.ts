import { UsageError } from './errors.ts';

/** Connection settings of `@hocuspocus/extension-redis` (which passes `options` on to ioredis). */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly options: { username?: string; password?: string; db?: number; tls?: object };
}

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); throws `UsageError` otherwise. */
export function parseRedisUrl(text: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--redis takes a URL such as redis://127.0.0.1:6379, not '${text}'`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new UsageError(`--redis takes a redis:// or rediss:// URL, not '${text}'`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new UsageError(`--redis URL has no host: '${text}'`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? undefined : Number(path);
  if (db !== undefined && !(Number.isInteger(db) && db >= 0))
    throw new UsageError(`--redis URL path must be a database number, not '${path}'`);
  const options: RedisTarget['options'] = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db !== undefined ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return { host, port, options };
}
