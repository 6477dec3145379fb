/**
 * Bounds on connections that have not finished their TLS handshake yet: anyone on the LAN may start one, so a
 * stranger must not hold sockets open for good (a plain TCP socket that never starts TLS) or start thousands.
 */
export interface HandshakeLimits {
  /** A TCP socket that has not finished TLS, or a QUIC connection that has not started, is closed after this. */
  readonly handshakeTimeoutMs?: number;
  /** Handshakes in progress at once, all sources together (TCP; QUIC has stateless retry and the deadline). */
  readonly maxPendingHandshakes?: number;
  /** Handshakes in progress at once from one source address. */
  readonly maxPendingHandshakesPerAddress?: number;
}

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_PENDING_HANDSHAKES = 128;
export const DEFAULT_MAX_PENDING_HANDSHAKES_PER_ADDRESS = 16;

/** Counts handshakes in progress per source address; `tryStart` refuses past the caps. */
export class PendingHandshakes {
  readonly #byAddress = new Map<string, number>();
  #total = 0;
  readonly #max: number;
  readonly #maxPerAddress: number;

  constructor(limits: HandshakeLimits) {
    this.#max = limits.maxPendingHandshakes ?? DEFAULT_MAX_PENDING_HANDSHAKES;
    this.#maxPerAddress = limits.maxPendingHandshakesPerAddress ?? DEFAULT_MAX_PENDING_HANDSHAKES_PER_ADDRESS;
  }

  get size(): number {
    return this.#total;
  }

  /** Starts one from `address`, or returns undefined when a cap is reached; call the result once when done. */
  tryStart(address: string): (() => void) | undefined {
    const current = this.#byAddress.get(address) ?? 0;
    if (this.#total >= this.#max || current >= this.#maxPerAddress) return undefined;
    this.#byAddress.set(address, current + 1);
    this.#total++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#total--;
      const left = (this.#byAddress.get(address) ?? 1) - 1;
      if (left === 0) this.#byAddress.delete(address);
      else this.#byAddress.set(address, left);
    };
  }
}
