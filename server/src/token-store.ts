import { type FSWatcher, readFileSync, unwatchFile, watch, watchFile } from 'node:fs';
import { TokensFileError } from './errors.ts';
import { parseTokensFile, type TokenGrant } from './tokens-file.ts';

/** How often the file's metadata is polled, besides the OS's change notifications (which miss some renames). */
const POLL_MS = 250;

/**
 * The grants of a tokens file, kept current: the file is re-read whenever it changes, so a token removed from it
 * (or given less access) is refused from then on, and `onChange` listeners can close what it already opened.
 * A file that becomes invalid keeps the previous grants and is reported, as a web server keeps its configuration
 * when a reload fails; fix the file to apply a change.
 */
export class TokenStore {
  private grants = new Map<string, TokenGrant>();
  private text = '';
  private watcher?: FSWatcher;
  private readonly listeners = new Set<() => void>();
  readonly path: string;
  private readonly log: (message: string) => void;

  /** Reads `path` once; throws `TokensFileError` when it is missing or invalid. */
  constructor(path: string, log: (message: string) => void = (m) => console.error(m)) {
    this.path = path;
    this.log = log;
    this.load(this.read());
  }

  /** The grant of `token`, if the file lists it (expired or not: the caller checks the time). */
  lookup(token: string): TokenGrant | undefined {
    return this.grants.get(token);
  }

  /** Every grant, for expiry scheduling. */
  all(): Iterable<TokenGrant> {
    return this.grants.values();
  }

  /** Calls `listener` after each successful re-read that changed the file's content. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts watching the file. */
  watch(): void {
    watchFile(this.path, { interval: POLL_MS, persistent: false }, () => this.reload());
    try {
      this.watcher = watch(this.path, { persistent: false }, () => this.reload());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // Polling alone still sees the change.
    }
  }

  /** Re-reads the file now; returns whether the grants changed. */
  reload(): boolean {
    let text: string;
    try {
      text = this.read();
      if (text === this.text) return false;
      this.load(text);
    } catch (error) {
      this.log(
        `offgrid serve: tokens file ${this.path} not applied, previous tokens stay: ${(error as Error).message}`,
      );
      return false;
    }
    this.log(`offgrid serve: tokens file ${this.path} reloaded (${this.grants.size} tokens)`);
    for (const listener of this.listeners) listener();
    return true;
  }

  close(): void {
    unwatchFile(this.path);
    this.watcher?.close();
    this.listeners.clear();
  }

  private read(): string {
    try {
      return readFileSync(this.path, 'utf8');
    } catch (error) {
      throw new TokensFileError(`cannot read ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  private load(text: string): void {
    const grants = parseTokensFile(text);
    this.grants = new Map(grants.map((grant) => [grant.token, grant]));
    this.text = text;
  }
}
