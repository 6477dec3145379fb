import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Capability tokens, one per origin the person allowed in the trusted UI (docs/security.md §Capability tokens).
 * A page proves it is that origin's by the token its agent handed it through the consent flow, not just by its
 * `Origin` header, which any local process can forge. Kept for the agent's lifetime; revoking forgets it.
 */
export class OriginTokens {
  readonly #tokens = new Map<string, Buffer>();

  /** A fresh token for `origin`, replacing any earlier one. */
  issue(origin: string): string {
    const token = randomBytes(32);
    this.#tokens.set(origin, token);
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
    return this.#tokens.delete(origin);
  }

  origins(): string[] {
    return [...this.#tokens.keys()].sort();
  }
}
