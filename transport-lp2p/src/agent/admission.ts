import type { Session } from '../platform/index.ts';
import type { AgentConnection } from './agent-connection.ts';
import { CloseCode } from './close-codes.ts';
import { watchIncomingStreams } from './pre-auth-session.ts';

/** What a stranger may hold of an agent before pairing (docs/security.md has the reasons behind the numbers). */
export interface AdmissionLimits {
  /** Unauthenticated incoming sessions at once, all sources together. Default 64. */
  readonly maxUnauthenticated?: number;
  /** Unauthenticated incoming sessions at once from one source address. Default 8. */
  readonly maxUnauthenticatedPerAddress?: number;
  /**
   * An unauthenticated session that has not started pairing this long after it was admitted (or after its last
   * attempt ended) is closed with 408. A running attempt has its own bound (the pairing timeout). Default 30 s.
   */
  readonly authDeadlineMs?: number;
  /** Streams the peer may open before it is authenticated; one more closes the session with 403. Default 64. */
  readonly maxStreamsBeforeAuth?: number;
}

export const DEFAULT_ADMISSION_LIMITS: Required<AdmissionLimits> = {
  maxUnauthenticated: 64,
  maxUnauthenticatedPerAddress: 8,
  authDeadlineMs: 30_000,
  maxStreamsBeforeAuth: 64,
};

interface Entry {
  readonly connection: AgentConnection;
  readonly address: string;
  lastActivity: number;
  pairing: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Admission of incoming sessions from peers that are not authenticated yet: caps in total and per source address
 * (when full, the session idle the longest is dropped, never one that is pairing), a deadline to start pairing,
 * and a cap on streams. Authenticated peers are never counted or dropped.
 */
export class Admission {
  readonly limits: Required<AdmissionLimits>;
  readonly #entries = new Map<AgentConnection, Entry>();
  readonly #streams = new WeakMap<Session, { count: number; connection: AgentConnection | undefined }>();

  constructor(limits: AdmissionLimits = {}) {
    this.limits = { ...DEFAULT_ADMISSION_LIMITS, ...limits };
  }

  /** Unauthenticated sessions held now. */
  get unauthenticated(): number {
    return this.#entries.size;
  }

  /**
   * Wraps an incoming session before its connection is built: streams count as activity, and past the cap before
   * authentication the session is closed.
   */
  watch(session: Session): Session {
    const state = { count: 0, connection: undefined as AgentConnection | undefined };
    const watched = watchIncomingStreams(session, () => {
      const entry = state.connection && this.#entries.get(state.connection);
      if (!entry) return true; // authenticated (or not yet tracked: counted below once it is)
      entry.lastActivity = performance.now();
      if (++state.count <= this.limits.maxStreamsBeforeAuth) return true;
      void session.close(CloseCode.NotAllowed, 'too many streams before authentication');
      return false;
    });
    this.#streams.set(watched, state);
    return watched;
  }

  /** Starts counting `connection` (built on a session from `watch`) unless it is already authenticated. */
  admit(connection: AgentConnection): void {
    if (connection.authenticated || connection.isClosed) return;
    const state = this.#streams.get(connection.session);
    if (state) state.connection = connection;
    const entry: Entry = {
      connection,
      address: connection.session.remoteAddress?.address ?? '',
      lastActivity: performance.now(),
      pairing: false,
      timer: undefined,
    };
    this.#entries.set(connection, entry);
    const forget = () => this.#forget(entry);
    connection.addEventListener('authenticated', forget, { once: true });
    connection.addEventListener('close', forget, { once: true });
    this.#startDeadline(entry);
    this.#enforceCaps(entry.address);
  }

  /** Pairing started (`running`) or ended on `connection`: while it runs, no deadline and never dropped. */
  pairing(connection: AgentConnection, running: boolean): void {
    const entry = this.#entries.get(connection);
    if (!entry) return;
    entry.pairing = running;
    entry.lastActivity = performance.now();
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (!running) this.#startDeadline(entry);
  }

  /** Closes nothing; stops every timer (the agent closes its connections itself). */
  stop(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }

  #startDeadline(entry: Entry): void {
    entry.timer = setTimeout(() => {
      void entry.connection.close(
        CloseCode.Timeout,
        'no pairing progress before the authentication deadline',
      );
    }, this.limits.authDeadlineMs);
    entry.timer.unref?.();
  }

  #forget(entry: Entry): void {
    clearTimeout(entry.timer);
    this.#entries.delete(entry.connection);
  }

  #enforceCaps(address: string): void {
    const fromAddress = [...this.#entries.values()].filter((e) => e.address === address);
    this.#drop(
      fromAddress,
      this.limits.maxUnauthenticatedPerAddress,
      'too many unauthenticated sessions from this address',
    );
    this.#drop(
      [...this.#entries.values()],
      this.limits.maxUnauthenticated,
      'too many unauthenticated sessions',
    );
  }

  /** Drops the idlest of `entries` (not pairing) until at most `cap` remain. */
  #drop(entries: Entry[], cap: number, reason: string): void {
    let excess = entries.length - cap;
    if (excess <= 0) return;
    const idlest = entries.filter((e) => !e.pairing).sort((a, b) => a.lastActivity - b.lastActivity);
    for (const entry of idlest) {
      if (excess-- <= 0) break;
      this.#forget(entry);
      void entry.connection.close(CloseCode.TooManySessions, reason);
    }
  }
}
