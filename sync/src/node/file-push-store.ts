import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GroupPushError } from '../errors/group-push-error.ts';
import type { PushStore, TransferChunks, TransferShape } from '../group-push/push-store.ts';

const CHUNK_FILE = /^(0|[1-9]\d{0,8})\.chunk$/;
const TRANSFER_ID = /^[0-9a-f]{64}$/;

/**
 * A {@link PushStore} in a directory: `DIR/<transfer id>/<index>.chunk`, one file per verified chunk. Each chunk
 * is written to a temporary file, fsynced, renamed into place and the directory fsynced, so after a crash a chunk
 * file is either whole or absent; leftover temporary files are removed when the transfer is opened again.
 *
 * @example
 * ```ts
 * const push = new GroupPush({ id, store: new FilePushStore('/var/lib/offgrid/push'), accept: () => true });
 * ```
 */
export class FilePushStore implements PushStore {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  async open(transferId: string, shape: TransferShape): Promise<TransferChunks> {
    if (!TRANSFER_ID.test(transferId))
      throw new GroupPushError('invalid-argument', 'a transfer id is 64 hex digits');
    const dir = join(this.directory, transferId);
    await mkdir(dir, { recursive: true });
    await syncDirectory(this.directory);
    for (const name of await readdir(dir))
      if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
    const expectedLength = (index: number): number =>
      Math.min(shape.chunkSize, shape.totalBytes - index * shape.chunkSize);
    const path = (index: number): string => join(dir, `${index}.chunk`);
    return {
      held: async () => {
        const held: number[] = [];
        for (const name of await readdir(dir)) {
          const match = CHUNK_FILE.exec(name);
          const index = Number(match?.[1] ?? Number.NaN);
          if (!(index < shape.chunkCount)) continue;
          const { size } = await stat(join(dir, name));
          if (size === expectedLength(index)) held.push(index);
        }
        return held;
      },
      put: async (index, bytes) => {
        const temp = join(dir, `${index}.chunk.${randomBytes(6).toString('hex')}.tmp`);
        try {
          const file = await open(temp, 'wx', 0o600);
          try {
            await file.writeFile(bytes);
            await file.sync();
          } finally {
            await file.close();
          }
          await rename(temp, path(index));
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
        await syncDirectory(dir);
      },
      get: async (index) => {
        try {
          return new Uint8Array(await readFile(path(index)));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      },
      delete: async (index) => {
        await rm(path(index), { force: true });
      },
      remove: async () => {
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  /** Transfer ids with a folder in the store (finished or not). */
  async transfers(): Promise<string[]> {
    try {
      return (await readdir(this.directory)).filter((name) => TRANSFER_ID.test(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

/** Makes a rename or a new entry in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
