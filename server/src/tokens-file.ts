import { TokensFileError } from './errors.ts';

/** What one token may do: read, or read and write, the documents whose names start with one of `prefixes`. */
export interface TokenGrant {
  readonly token: string;
  readonly access: 'read' | 'read-write';
  readonly prefixes: readonly string[];
  /** Milliseconds since the epoch after which the token is refused; absent: never. */
  readonly expiresAt?: number;
}

/** The file's size limit: a tokens file is a list of grants, not a database. */
export const MAX_TOKENS_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Parses a tokens file: a JSON array of `{"token", "access": "read" | "read-write", "prefixes": [...],
 * "expires"?: ISO 8601 date}`. Every entry is checked; the first fault throws `TokensFileError` naming the entry.
 */
export function parseTokensFile(text: string): TokenGrant[] {
  if (text.length > MAX_TOKENS_FILE_BYTES) throw new TokensFileError(`over ${MAX_TOKENS_FILE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TokensFileError(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(json)) throw new TokensFileError('expected a JSON array of grants');
  const seen = new Set<string>();
  return json.map((entry, index) => {
    const grant = parseGrant(entry, index);
    if (seen.has(grant.token)) throw new TokensFileError(`entry ${index}: a token is listed twice`);
    seen.add(grant.token);
    return grant;
  });
}

function parseGrant(entry: unknown, index: number): TokenGrant {
  const fault = (what: string) => new TokensFileError(`entry ${index}: ${what}`);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw fault('expected an object');
  const { token, access, prefixes, expires, ...rest } = entry as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) throw fault(`unknown field '${unknownKeys[0]}'`);
  if (typeof token !== 'string' || token.length === 0) throw fault('"token" must be a non-empty string');
  if (access !== 'read' && access !== 'read-write') throw fault('"access" must be "read" or "read-write"');
  if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string'))
    throw fault('"prefixes" must be an array of strings');
  if (expires === undefined) return { token, access, prefixes };
  const expiresAt = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
  if (!Number.isFinite(expiresAt))
    throw fault('"expires" must be an ISO 8601 date such as 2027-01-31T00:00:00Z');
  return { token, access, prefixes, expiresAt };
}

/** Whether `grant` covers `documentName` (a plain prefix match: `survey/2026-flood/` covers its documents). */
export function grantCovers(grant: TokenGrant, documentName: string): boolean {
  return grant.prefixes.some((prefix) => documentName.startsWith(prefix));
}
