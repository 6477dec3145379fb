/**
 * Brute-force mitigation for pairing (osp-network §Local active network attackers: "Use an increasing backoff to
 * respond to authentication challenges"; "Untrusted agents that fail the authentication challenge a certain
 * number of times" are suspicious). Counts failures per peer fingerprint in memory.
 */
export class PairingGuard {
  readonly #failures = new Map<string, number>();
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  constructor(options: { baseDelayMs?: number; maxDelayMs?: number } = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  /** How long to wait before the next attempt with this peer: 0, then base, 2×base, 4×base … capped. */
  delayMs(fingerprint: string): number {
    const failures = this.#failures.get(fingerprint) ?? 0;
    if (failures === 0) return 0;
    return Math.min(this.#baseDelayMs * 2 ** (failures - 1), this.#maxDelayMs);
  }

  failures(fingerprint: string): number {
    return this.#failures.get(fingerprint) ?? 0;
  }

  recordFailure(fingerprint: string): void {
    this.#failures.set(fingerprint, this.failures(fingerprint) + 1);
  }

  recordSuccess(fingerprint: string): void {
    this.#failures.delete(fingerprint);
  }
}
