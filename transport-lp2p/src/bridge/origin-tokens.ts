import { randomBytes, timingSafeEqual } from 'node:crypto';
import { StateDirError } from '../errors/index.ts';
import { readOptionalFile, writeFileAtomic } from '../identity/index.ts';

/** Largest tokens file read back (thousands of origins). */
const MAX_FILE_CHARS = 1 << 20;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Capability tokens, one per origin the person allowed in the trusted UI (docs/security.md §Capability tokens).
 * A page proves it is that origin's by the token its agent handed it through the consent flow, not just by its
 * `Origin` header, which any local process can forge. With a file (`offgrid up`: `<stateDir>/origin-tokens.json`,
 * mode 0600, replaced atomically) they survive agent restarts, so an app's page keeps syncing without asking
 * again; revoking forgets the token there too.
 */
export class OriginTokens {
  readonly #tokens = new Map<string, Buffer>();
  readonly #file: string | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(file?: string) {
    this.#file = file;
  }

  /** Tokens kept in `file` (none yet if it does not exist); a malformed file is a `StateDirError`. */
  static async open(file: string): Promise<OriginTokens> {
    const tokens = new OriginTokens(file);
    const text = await readOptionalFile(file);
    if (text === undefined) return tokens;
    const bad = (why: string) =>
      new StateDirError('state-file-io', file, `not an origin tokens file (${why})`);
    if (text.length > MAX_FILE_CHARS) throw bad('too large');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw bad('not JSON');
    }
    const entries = (parsed as { v?: unknown; tokens?: unknown }).tokens;
    if ((parsed as { v?: unknown }).v !== 1 || typeof entries !== 'object' || entries === null)
      throw bad('no version 1 tokens');
    for (const [origin, token] of Object.entries(entries)) {
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw bad(`bad token for ${origin}`);
      tokens.#tokens.set(origin, Buffer.from(token, 'base64url'));
    }
    return tokens;
  }

  /** A fresh token for `origin`, replacing any earlier one (written to the file in the background). */
  issue(origin: string): string {
    const token = randomBytes(32);
    this.#tokens.set(origin, token);
    this.#save();
    return token.toString('base64url');
  }

  /** Whether `token` is the one issued to `origin` (compared in constant time). */
  verify(origin: string, token: string): boolean {
    const expected = this.#tokens.get(origin);
    if (!expected || token.length !== 43) return false;
    const given = Buffer.from(token, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  revoke(origin: string): boolean {
    const had = this.#tokens.delete(origin);
    if (had) this.#save();
    return had;
  }

  origins(): string[] {
    return [...this.#tokens.keys()].sort();
  }

  /** Resolves once every change so far is in the file (a failed write rejects; the next change retries). */
  saved(): Promise<void> {
    return this.#saving;
  }

  #save(): void {
    const file = this.#file;
    if (file === undefined) return;
    const snapshot = Object.fromEntries(
      [...this.#tokens].map(([origin, t]) => [origin, t.toString('base64url')]),
    );
    const data = `${JSON.stringify({ v: 1, tokens: snapshot })}\n`;
    this.#saving = this.#saving.catch(() => {}).then(() => writeFileAtomic(file, data, 0o600));
    // Handled here so a failed write (a full or read-only state dir) never ends the agent as an unhandled
    // rejection: the token still works until the agent stops, and `saved()` still rejects for whoever asks.
    this.#saving.catch(() => {});
  }
}
