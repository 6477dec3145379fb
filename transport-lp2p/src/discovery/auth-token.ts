import { randomBytes } from 'node:crypto';

/** 16 base64 characters carry 96 bits from the CSPRNG, three times the 32 bits osp-network §Discovery asks for. */
const TOKEN_BYTES = 12;

/**
 * Generates an `at` TXT value (osp-network §Discovery with mDNS): unguessable, from `[A-Za-z0-9+/]`.
 *
 * @example
 * const at = generateAuthToken(); // e.g. "q3B+9xT0aZ/k1LmN"
 */
export function generateAuthToken(): string {
  // 12 bytes encode to exactly 16 characters with no "=" padding, so every character is in the allowed set.
  return randomBytes(TOKEN_BYTES).toString('base64');
}

/** Fewer than 6 characters of a 64-symbol alphabet cannot hold the 32 bits of entropy the spec asks for. */
const AUTH_TOKEN_PATTERN = /^[A-Za-z0-9+/]{6,255}$/;

/** Whether `value` is a syntactically valid `at` value. */
export function isAuthToken(value: string): boolean {
  return AUTH_TOKEN_PATTERN.test(value);
}
