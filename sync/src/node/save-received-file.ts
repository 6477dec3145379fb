import { randomBytes } from 'node:crypto';
import { link, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReceivedPush } from '../group-push/push-types.ts';
import { syncDirectory } from './file-push-store.ts';

const MAX_NAME_LENGTH = 200;
const MAX_SUFFIX = 1000;

/**
 * A file name safe to create in a directory, from the sender's (untrusted) name: its last path segment, no
 * control characters, no leading dots, at most 200 characters; empty → `fallback`.
 */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = (name.split(/[/\\]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
  return cleaned.length > 0 ? cleaned : fallback;
}

/**
 * Writes a finished receipt into `directory` under its sanitised name (`name-1.ext`, `name-2.ext`… when taken),
 * atomically (temporary file, fsync, link into place, directory fsync); never overwrites. Returns the path.
 */
export async function saveReceivedFile(received: ReceivedPush, directory: string): Promise<string> {
  const offer = received.offer;
  const temp = join(directory, `.offgrid-push-${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', 0o644);
  try {
    try {
      const reader = received.stream().getReader();
      for (let step = await reader.read(); !step.done; step = await reader.read())
        await file.write(step.value);
      await file.sync();
    } finally {
      await file.close();
    }
    const name = safeFileName(offer.name, offer.transferId.slice(0, 16));
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 0; n <= MAX_SUFFIX; n++) {
      const path = join(directory, n === 0 ? name : `${stem}-${n}${ext}`);
      if (await claim(temp, path)) {
        await syncDirectory(directory);
        return path;
      }
    }
    throw new Error(`no free name for ${name} in ${directory}`);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Links `temp` to `path` only if `path` does not exist (rename would overwrite). */
async function claim(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
