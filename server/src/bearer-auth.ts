import type { IncomingMessage } from 'node:http';
import type { TokenStore } from './token-store.ts';
import { grantCovers, type TokenGrant } from './tokens-file.ts';

/** 401 (who are you?) or 403 (not allowed), with a reason that names no token. */
export type AuthFailure = { readonly status: 401 | 403; readonly error: string };

/**
 * Checks `Authorization: Bearer <token>` against the tokens file of `offgrid serve`: the token must be listed,
 * unexpired, cover every one of `documents`, and grant `read-write` when `write` is asked.
 */
export function authorize(
  request: IncomingMessage,
  tokens: TokenStore,
  documents: readonly string[],
  write: boolean,
  now = Date.now(),
): TokenGrant | AuthFailure {
  const grant = authenticate(request, tokens, now);
  if ('status' in grant) return grant;
  if (!documents.every((name) => grantCovers(grant, name))) return { status: 403, error: 'outside-prefixes' };
  if (write && grant.access !== 'read-write') return { status: 403, error: 'read-only-token' };
  return grant;
}

/** The grant of the request's bearer token, or a 401. */
export function authenticate(
  request: IncomingMessage,
  tokens: TokenStore,
  now = Date.now(),
): TokenGrant | AuthFailure {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match) return { status: 401, error: 'token-missing' };
  const grant = tokens.lookup(match[1] as string);
  if (!grant) return { status: 401, error: 'token-unknown' };
  if (grant.expiresAt !== undefined && grant.expiresAt <= now) return { status: 401, error: 'token-expired' };
  return grant;
}
