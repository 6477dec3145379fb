import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StateDirError } from '../errors/index.ts';

/** Files of a state directory that decide whom the agent trusts or who it is. */
const STATE_FILES = [
  'known-peers.json',
  'agent-state.json',
  'agent-identity.json',
  'agent-cert.pem',
  'agent-key.pem',
];

/** `writeFileAtomic`'s temporary names: `.<file>.<12 hex>.tmp`. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * A temporary file younger than this may belong to a write in progress by another process sharing the directory
 * (a running agent and an `offgrid pair`); older ones are left by a crash (kill -9 between write and rename).
 */
export const STALE_TEMP_AGE_MS = 30_000;

export interface PrepareStateDirOptions {
  /** Create the directory (mode 0700) when it is missing; otherwise a missing directory is an error. */
  readonly create: boolean;
  /** For tests: the current time. */
  readonly now?: number;
}

/**
 * Checks a state directory before anything in it is trusted, as ssh checks `~/.ssh`: the directory and its state
 * files must not be writable by group or others, nor owned by another user (anyone who can write
 * `known-peers.json` can add a trusted fingerprint). Removes temporary files a crash left behind.
 * Throws `StateDirError` naming the path and what to do.
 */
export async function prepareStateDir(dir: string, options: PrepareStateDirOptions): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new StateDirError('state-file-io', dir, `cannot access the state directory (${error.code})`, {
      cause: error,
    });
  });
  if (!info) {
    if (!options.create) throw new StateDirError('state-dir-missing', dir, 'no such state directory');
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      throw new StateDirError('state-file-io', dir, `cannot create the state directory (${error.code})`, {
        cause: error,
      });
    });
    return;
  }
  if (!info.isDirectory()) throw new StateDirError('state-file-io', dir, 'is not a directory');
  checkSafe(dir, info, 'state directory', 'chmod go-w');
  for (const name of STATE_FILES) {
    const path = join(dir, name);
    const file = await lstat(path).catch(() => undefined);
    if (!file) continue;
    if (!file.isFile()) throw new StateDirError('state-file-io', path, 'is not a regular file');
    checkSafe(path, file, 'state file', 'chmod go-w');
  }
  await removeStaleTempFiles(dir, options.now ?? Date.now());
}

function checkSafe(path: string, info: { mode: number; uid: number }, what: string, fix: string): void {
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid && info.uid !== 0) {
    throw new StateDirError(
      'state-dir-insecure',
      path,
      `${what} is owned by uid ${info.uid}, not by this user (${uid}); refusing to use it`,
    );
  }
  if ((info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new StateDirError(
      'state-dir-insecure',
      path,
      `${what} is writable by group or others (mode ${mode}); refusing to use it. Fix with: ${fix} ${path}`,
    );
  }
}

async function removeStaleTempFiles(dir: string, now: number): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const path = join(dir, name);
    const file = await lstat(path).catch(() => undefined);
    // Best effort: a read-only state directory keeps its leftovers and still starts.
    if (file?.isFile() && now - file.mtimeMs > STALE_TEMP_AGE_MS)
      await rm(path, { force: true }).catch(() => {});
  }
}
