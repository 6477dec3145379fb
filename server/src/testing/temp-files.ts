import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenGrant } from '../tokens-file.ts';

/** A temporary directory with a tokens file and a path for the SQLite file; `remove()` deletes it all. */
export interface ServeFiles {
  readonly dir: string;
  readonly data: string;
  readonly tokens: string;
  /** Rewrites the tokens file (atomically enough for the watcher: one write call). */
  writeTokens(grants: readonly GrantJson[]): void;
  remove(): void;
}

/** A tokens-file entry as JSON has it (`expires` a date string). */
export type GrantJson = Omit<TokenGrant, 'expiresAt'> & { expires?: string };

export function serveFiles(grants: readonly GrantJson[]): ServeFiles {
  const dir = mkdtempSync(join(tmpdir(), 'offgrid-serve-'));
  const tokens = join(dir, 'tokens.json');
  const writeTokens = (list: readonly GrantJson[]) => writeFileSync(tokens, JSON.stringify(list, null, 2));
  writeTokens(grants);
  return {
    dir,
    data: join(dir, 'docs.sqlite'),
    tokens,
    writeTokens,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
