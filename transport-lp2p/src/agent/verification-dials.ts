import type { DiscoveredAgent } from '../discovery/index.ts';

/** Bounds on the dials an agent makes on its own to verify what mDNS announced. */
export interface DialLimits {
  /** Dials at once, and tokens of the overall bucket. */
  readonly burst: number;
  /** Overall refill, dials per second. */
  readonly perSecond: number;
  /** Dials to one address within `addressWindowMs`. */
  readonly perAddress: number;
  readonly addressWindowMs: number;
  /** Agents waiting for a dial; the oldest request is dropped beyond it. */
  readonly maxPending: number;
}

/**
 * osp-network §Denial of Service: multicast DNS-SD records must not "get listeners to open a large number of
 * bogus QUIC connections". 16 at once, then 2 a second in all; 2 per address per 10 s; at most 64 waiting.
 */
export const DEFAULT_DIAL_LIMITS: DialLimits = {
  burst: 16,
  perSecond: 2,
  perAddress: 2,
  addressWindowMs: 10_000,
  maxPending: 64,
};

export interface VerificationDialsParts {
  readonly limits?: DialLimits;
  readonly now?: () => number;
  /** Fetches and checks the agent's agent-info; its outcome is the caller's business. Aborted by `stop()`. */
  readonly dial: (agent: DiscoveredAgent, signal: AbortSignal) => Promise<void>;
}

/**
 * Schedules verification dials to discovered agents under {@link DialLimits}. Requests queue per fingerprint (a
 * newer view replaces the older one) and are served newest first, so an agent that appears during a flood of
 * bogus announcements is dialled next rather than after the whole flood.
 */
export class VerificationDials {
  readonly #limits: DialLimits;
  readonly #now: () => number;
  readonly #dial: (agent: DiscoveredAgent, signal: AbortSignal) => Promise<void>;
  readonly #abort = new AbortController();
  /** By fingerprint, in request order (a Map keeps insertion order; re-requests move to the end). */
  readonly #pending = new Map<string, DiscoveredAgent>();
  readonly #inFlight = new Set<string>();
  readonly #recent = new Map<string, number[]>();
  #tokens: number;
  #refilledAt: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #dialled = 0;

  constructor(parts: VerificationDialsParts) {
    this.#limits = parts.limits ?? DEFAULT_DIAL_LIMITS;
    this.#now = parts.now ?? Date.now;
    this.#dial = parts.dial;
    this.#tokens = this.#limits.burst;
    this.#refilledAt = this.#now();
  }

  /** Asks for `agent` to be dialled once the limits allow. */
  request(agent: DiscoveredAgent): void {
    if (this.#stopped || this.#inFlight.has(agent.fingerprint)) return;
    this.#pending.delete(agent.fingerprint);
    this.#pending.set(agent.fingerprint, agent);
    if (this.#pending.size > this.#limits.maxPending) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    this.pump();
  }

  /** Drops a request (the agent went away or is verified by other means). */
  cancel(fingerprint: string): void {
    this.#pending.delete(fingerprint);
  }

  /** Requests waiting or being dialled. */
  get busy(): number {
    return this.#pending.size + this.#inFlight.size;
  }

  /** Dials started so far. */
  get dialled(): number {
    return this.#dialled;
  }

  /** Starts every dial the limits allow now; schedules itself for the next one that will be allowed. */
  pump(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = this.#now();
    this.#refill(now);
    for (const [address, times] of this.#recent)
      if ((times[times.length - 1] ?? 0) <= now - this.#limits.addressWindowMs) this.#recent.delete(address);
    let wait = Number.POSITIVE_INFINITY;
    for (const [fingerprint, agent] of [...this.#pending].reverse()) {
      if (this.#inFlight.size >= this.#limits.burst) break;
      if (this.#tokens < 1) {
        wait = Math.min(wait, ((1 - this.#tokens) / this.#limits.perSecond) * 1000);
        break;
      }
      const address = agent.addresses[0] ?? '';
      const addressWait = this.#addressWait(address, now);
      if (addressWait > 0) {
        wait = Math.min(wait, addressWait);
        continue;
      }
      this.#pending.delete(fingerprint);
      this.#tokens -= 1;
      this.#recent.set(address, [...(this.#recent.get(address) ?? []), now]);
      this.#start(fingerprint, agent);
    }
    if (this.#pending.size > 0 && wait !== Number.POSITIVE_INFINITY)
      this.#timer = setTimeout(() => this.pump(), Math.ceil(wait));
  }

  /** Drops what waits and aborts the dials under way (a `peers` run must not wait out their timeouts). */
  stop(): void {
    this.#stopped = true;
    this.#abort.abort();
    clearTimeout(this.#timer);
    this.#pending.clear();
  }

  #start(fingerprint: string, agent: DiscoveredAgent): void {
    this.#inFlight.add(fingerprint);
    this.#dialled += 1;
    void this.#dial(agent, this.#abort.signal)
      .catch(() => {})
      .finally(() => {
        this.#inFlight.delete(fingerprint);
        this.pump();
      });
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#refilledAt) / 1000;
    this.#tokens = Math.min(this.#limits.burst, this.#tokens + elapsed * this.#limits.perSecond);
    this.#refilledAt = now;
  }

  /** Milliseconds until `address` may be dialled again; forgets dials older than the window. */
  #addressWait(address: string, now: number): number {
    const since = now - this.#limits.addressWindowMs;
    const recent = (this.#recent.get(address) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#recent.delete(address);
    else this.#recent.set(address, recent);
    if (recent.length < this.#limits.perAddress) return 0;
    return (recent[recent.length - this.#limits.perAddress] ?? now) - since;
  }
}
