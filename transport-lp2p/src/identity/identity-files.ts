import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { IdentityStateCorruptError, IdentityStateIoError, StateDirError } from '../errors/index.ts';
import { readOptionalFile, writeFileAtomic } from './atomic-file.ts';
import { formatIdentityState, type IdentityStateFile } from './identity-state.ts';

/** The raw contents of an identity directory; a missing file is `undefined`. */
export interface StoredIdentity {
  readonly stateText: string | undefined;
  readonly keyPem: string | undefined;
  readonly certPem: string | undefined;
}

/**
 * The files of an identity directory and their I/O: `agent-key.pem` (mode 0600), `agent-cert.pem`,
 * `agent-identity.json`. Every write is atomic; every file-system failure becomes `IdentityStateIoError`.
 */
export class IdentityFiles {
  readonly dir: string;
  readonly keyPath: string;
  readonly certPath: string;
  readonly statePath: string;

  constructor(dir: string) {
    this.dir = dir;
    this.keyPath = join(dir, 'agent-key.pem');
    this.certPath = join(dir, 'agent-cert.pem');
    this.statePath = join(dir, 'agent-identity.json');
  }

  /** Creates the directory (0700) if needed and reads all three files; tightens a loosened key mode. */
  read(): Promise<StoredIdentity> {
    return io(this.dir, async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const [stateText, keyPem, certPem] = await Promise.all(
        [this.statePath, this.keyPath, this.certPath].map((path) => readOptionalFile(path)),
      );
      // A key readable by group or others is tightened back to 0600 rather than used as is.
      if (keyPem !== undefined && ((await stat(this.keyPath)).mode & 0o077) !== 0)
        await chmod(this.keyPath, 0o600);
      return { stateText, keyPem, certPem };
    });
  }

  writeKey(pem: string): Promise<void> {
    return io(this.keyPath, () => writeFileAtomic(this.keyPath, pem, 0o600));
  }

  writeCertificate(pem: string): Promise<void> {
    return io(this.certPath, () => writeFileAtomic(this.certPath, pem, 0o644));
  }

  writeState(state: IdentityStateFile): Promise<void> {
    return io(this.statePath, () => writeFileAtomic(this.statePath, formatIdentityState(state), 0o644));
  }
}

async function io<T>(path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof IdentityStateCorruptError) throw error;
    // The file that failed, not just the directory (a key path that is a directory: EISDIR).
    const failed = error instanceof StateDirError ? error.path : path;
    const cause = error instanceof StateDirError ? error.cause : error;
    const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
    const detail = code === 'EISDIR' ? 'it is a directory' : code;
    throw new IdentityStateIoError(failed, `cannot access identity state (${detail})`, { cause: error });
  }
}
