/** Who attempted a pairing: the certificate's fingerprint and, where the transport knows it, the source address. */
export interface PairingPeerKey {
  readonly fingerprint: string;
  readonly address?: string;
}

export interface PairingGuardOptions {
  /** First wait after a failure; doubles with each further failure. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Longest wait. Default 60 s. */
  readonly maxDelayMs?: number;
  /**
   * Failed pairings in a row, on the agent as a whole, after which it stops answering pairing attempts (no more
   * PSKs are presented or asked for) until a person allows it or the agent restarts. Default 10.
   */
  readonly lockoutFailures?: number;
  /** Fewest remembered fingerprints and addresses before the oldest are forgotten (bounded memory). */
  readonly maxTracked?: number;
}

export const DEFAULT_LOCKOUT_FAILURES = 10;

/**
 * Brute-force mitigation for pairing (osp-network §Local active network attackers: "Use an increasing backoff to
 * respond to authentication challenges"; "Untrusted agents that fail the authentication challenge a certain
 * number of times" are suspicious). Failures count per certificate fingerprint, per source address and for the
 * agent as a whole: a fresh self-signed certificate per guess is free, so the per-fingerprint count alone does not
 * slow a guesser down. The wait before an attempt is the longest of the three; after `lockoutFailures` failures in
 * a row the agent is locked until `unlock()` (a person's decision) or a restart. In memory only.
 */
export class PairingGuard {
  readonly #byFingerprint = new Map<string, number>();
  readonly #byAddress = new Map<string, number>();
  #total = 0;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #lockoutFailures: number;
  readonly #maxTracked: number;

  constructor(options: PairingGuardOptions = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#lockoutFailures = options.lockoutFailures ?? DEFAULT_LOCKOUT_FAILURES;
    this.#maxTracked = options.maxTracked ?? 4096;
  }

  /** How long to wait before the next attempt with this peer: 0, then base, 2×base, 4×base … capped. */
  delayMs(peer: PairingPeerKey | string): number {
    const failures = Math.max(this.failures(peer), this.#total);
    if (failures === 0) return 0;
    return Math.min(this.#baseDelayMs * 2 ** Math.min(failures - 1, 30), this.#maxDelayMs);
  }

  /**
   * Failures that count against this peer: its fingerprint's, its address's, or the agent's in a row, whichever is
   * highest, so the "repeated failures" suspicion holds whatever certificate the guesser shows.
   */
  failures(peer: PairingPeerKey | string): number {
    const { fingerprint, address } =
      typeof peer === 'string' ? { fingerprint: peer, address: undefined } : peer;
    return Math.max(
      this.#byFingerprint.get(fingerprint) ?? 0,
      address === undefined ? 0 : (this.#byAddress.get(address) ?? 0),
      this.#total,
    );
  }

  /** Failed pairings in a row on this agent, whoever tried. */
  get totalFailures(): number {
    return this.#total;
  }

  /** True once `lockoutFailures` attempts failed in a row: no pairing is answered until `unlock()`. */
  get locked(): boolean {
    return this.#total >= this.#lockoutFailures;
  }

  recordFailure(peer: PairingPeerKey | string): void {
    const { fingerprint, address } =
      typeof peer === 'string' ? { fingerprint: peer, address: undefined } : peer;
    this.#total++;
    bump(this.#byFingerprint, fingerprint, this.#maxTracked);
    if (address !== undefined) bump(this.#byAddress, address, this.#maxTracked);
  }

  /** A person proved knowledge of a PSK: that peer and the agent start afresh (the address keeps its count). */
  recordSuccess(peer: PairingPeerKey | string): void {
    const fingerprint = typeof peer === 'string' ? peer : peer.fingerprint;
    this.#byFingerprint.delete(fingerprint);
    this.#total = 0;
  }

  /** A person allowed pairing again after a lockout: the agent-wide count restarts, per-peer counts stay. */
  unlock(): void {
    this.#total = 0;
  }
}

function bump(counts: Map<string, number>, key: string, maxTracked: number): void {
  const next = (counts.get(key) ?? 0) + 1;
  counts.delete(key); // Re-inserted last: the map's order is least recently failed first.
  counts.set(key, next);
  if (counts.size > maxTracked) {
    const oldest = counts.keys().next().value;
    if (oldest !== undefined) counts.delete(oldest);
  }
}
