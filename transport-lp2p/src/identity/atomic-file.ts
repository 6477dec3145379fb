import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StateDirError } from '../errors/index.ts';

/**
 * Replaces `path` with `data` so that a crash leaves either the old or the new content, never a mix:
 * write a temporary file in the same directory, fsync it, rename it over `path`, then fsync the
 * directory so the rename itself is durable. The temporary file is created with `mode` (not chmod'ed
 * later), so a private key is never readable by others, even briefly. Failures (ENOSPC, EACCES, EISDIR …) become
 * `StateDirError` naming `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  try {
    await replaceFile(path, data, mode);
  } catch (error) {
    throw fileError(path, 'cannot write', error);
  }
}

async function replaceFile(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', mode);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Reads a UTF-8 file, or `undefined` when it does not exist; other failures are `StateDirError` naming `path`. */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileError(path, 'cannot read', error);
  }
}

/** Node's messages for some errors (EISDIR: "illegal operation on a directory, read") do not name the file. */
function fileError(path: string, what: string, error: unknown): StateDirError {
  if (error instanceof StateDirError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  const detail = code === 'EISDIR' ? 'it is a directory' : code;
  return new StateDirError('state-file-io', path, `${what} (${detail})`, { cause: error });
}
