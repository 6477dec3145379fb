/**
 * The shared editing traces (`../shared/data/editing-traces/` beside the repository; see its README for format
 * and credit: CC BY 4.0, Martin Kleppmann for automerge-paper, Joseph Gentle for the others). Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** `[position, deleted, inserted]`, positions in Unicode code points. */
export type TracePatch = [number, number, string];

export interface EditingTrace {
  readonly endContent: string;
  readonly numAgents?: number;
  readonly txns: ReadonlyArray<{
    readonly patches: TracePatch[];
    readonly parents?: number[];
    readonly agent?: number;
  }>;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * The traces folder: `<repo>/../shared/data/editing-traces`. `OFFGRID_SHARED_DIR` may point elsewhere for a
 * checkout that has no `shared/` beside it (a git worktree nested deeper).
 */
export function editingTracesDir(): string {
  const beside = resolve(repoRoot, '../shared/data/editing-traces');
  if (existsSync(beside) || process.env.OFFGRID_SHARED_DIR === undefined) return beside;
  return resolve(process.env.OFFGRID_SHARED_DIR, 'data/editing-traces');
}

/** Loads `name.json.gz` from {@link editingTracesDir}. */
export function loadEditingTrace(name: string): EditingTrace {
  return JSON.parse(
    gunzipSync(readFileSync(resolve(editingTracesDir(), `${name}.json.gz`))).toString('utf8'),
  );
}
