import type { Session } from '../platform/index.ts';

interface Waiter {
  readonly accepts: (fingerprint: string) => boolean;
  readonly resolve: (session: Session) => void;
}

/**
 * Admitted incoming q2q sessions waiting for an owner (an `LP2PQuicTransportListener`, or the receiving side of
 * `new LP2PQuicTransport(connection)`). The peer may dial before the owner asks, so sessions wait here: at most
 * `capacity` of them, each for at most `maxAgeMs`, after which it is closed. Bounded, so a granted but misbehaving
 * peer cannot pile up sessions.
 */
export class QuicSessionInbox {
  readonly #waiting: { fingerprint: string; session: Session; timer: NodeJS.Timeout }[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #capacity: number;
  readonly #maxAgeMs: number;

  constructor(options: { capacity?: number; maxAgeMs?: number } = {}) {
    this.#capacity = options.capacity ?? 16;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  /** A newly admitted session from `fingerprint`: to the first waiter that accepts it, else kept for a while. */
  deliver(fingerprint: string, session: Session): void {
    const index = this.#waiters.findIndex((w) => w.accepts(fingerprint));
    if (index >= 0) {
      this.#waiters.splice(index, 1)[0]?.resolve(session);
      return;
    }
    if (this.#waiting.length >= this.#capacity) {
      void session.close(0, 'no owner for this WebTransport session');
      return;
    }
    const timer = setTimeout(() => {
      const at = this.#waiting.findIndex((w) => w.session === session);
      if (at >= 0) this.#waiting.splice(at, 1);
      void session.close(0, 'no owner for this WebTransport session');
    }, this.#maxAgeMs);
    timer.unref();
    this.#waiting.push({ fingerprint, session, timer });
  }

  /** The next session whose peer `accepts` allows, waiting if none is here; rejects when `signal` aborts. */
  take(accepts: (fingerprint: string) => boolean, signal?: AbortSignal): Promise<Session> {
    const index = this.#waiting.findIndex((w) => accepts(w.fingerprint));
    if (index >= 0) {
      const [entry] = this.#waiting.splice(index, 1);
      clearTimeout(entry?.timer);
      return Promise.resolve(entry?.session as Session);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { accepts, resolve };
      this.#waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.#waiters.indexOf(waiter);
          if (at >= 0) this.#waiters.splice(at, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}
