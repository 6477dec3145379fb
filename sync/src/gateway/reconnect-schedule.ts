/** Timers and randomness of a {@link ReconnectSchedule}, injectable so tests can drive simulated hours. */
export interface ScheduleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** In [0, 1). */
  random(): number;
}

export const systemClock: ScheduleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

/** Backoff bounds, ms. */
export interface BackoffOptions {
  /** First retry delay (before jitter). Default 1000. */
  initialMs?: number;
  /** Cap. Default 60 000. */
  maxMs?: number;
  /** A network change triggers an immediate try at most this often. Default 2000. */
  minNetworkTryIntervalMs?: number;
}

/**
 * When to try reaching the server again: exponential backoff (×2 from `initialMs`) with "equal jitter" (a delay
 * uniformly in [d/2, d), so many devices returning at once spread out), capped at `maxMs`; a network change
 * (the platform's `online`, a new interface) asks for an immediate try, at most every `minNetworkTryIntervalMs`,
 * so a flapping interface cannot make it busy-loop. Exactly one timer is pending at a time.
 */
export class ReconnectSchedule {
  readonly #clock: ScheduleClock;
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #minNetworkTryIntervalMs: number;
  readonly #attempt: () => void;
  #failures = 0;
  #timer: unknown = null;
  #lastNetworkTry = Number.NEGATIVE_INFINITY;

  constructor(attempt: () => void, clock: ScheduleClock = systemClock, options: BackoffOptions = {}) {
    this.#attempt = attempt;
    this.#clock = clock;
    this.#initialMs = options.initialMs ?? 1000;
    this.#maxMs = options.maxMs ?? 60_000;
    this.#minNetworkTryIntervalMs = options.minNetworkTryIntervalMs ?? 2000;
  }

  /** The delay before the next try after `failures` failed ones (jitter drawn now). */
  delayAfter(failures: number): number {
    const ceiling = Math.min(this.#maxMs, this.#initialMs * 2 ** Math.min(failures, 30));
    return ceiling / 2 + this.#clock.random() * (ceiling / 2);
  }

  /** A try failed (or a connection was lost): the next one comes after the backoff delay. */
  failed(): void {
    this.#arm(this.delayAfter(this.#failures));
    this.#failures++;
  }

  /** The server answered: the next loss starts the backoff from the beginning. */
  succeeded(): void {
    this.#failures = 0;
    this.cancel();
  }

  /** The platform reports a network change: try now, unless a try was made very recently. */
  networkChanged(): void {
    const now = this.#clock.now();
    if (this.#timer === null || now - this.#lastNetworkTry < this.#minNetworkTryIntervalMs) return;
    this.#lastNetworkTry = now;
    this.cancel();
    this.#attempt();
  }

  /** Stops the pending try, if any. */
  cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Whether a retry is scheduled (we are offline and waiting). */
  get waiting(): boolean {
    return this.#timer !== null;
  }

  #arm(ms: number): void {
    this.cancel();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#attempt();
    }, ms);
  }
}
