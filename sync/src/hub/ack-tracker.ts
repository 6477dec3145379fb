/** What one peer has confirmed of this replica's own updates to a document. */
export interface PeerAcks {
  readonly peerId: string;
  /**
   * Local updates are numbered 1, 2, 3… as they happen; the peer has acknowledged (sync-status `1`) every update
   * up to this number.
   */
  readonly confirmedSeq: number;
  /**
   * This replica's own Yjs clock the peer is known to hold (from acks, or from its state vector): every local
   * update that only inserted and ends at or below it is applied there, even without an ack.
   */
  readonly confirmedClock: number;
  /** Updates the peer refused (sync-status `0`: no write access). */
  readonly refused: number;
  /** When the last confirmation or refusal came, ms since the epoch (or `null`). */
  readonly lastAckAt: number | null;
}

/** The local updates no peer has confirmed yet. */
export interface Unconfirmed {
  readonly count: number;
  /** Age of the oldest, in ms (`null` when there is none). */
  readonly oldestAgeMs: number | null;
}

/**
 * How far the central server holds this replica's own updates, as the last server confirmation said (it may
 * have come from a gateway over the LAN: see docs/reconciliation.md).
 */
export interface ServerStatus {
  /** Local updates not yet known to be on the server. */
  readonly pending: number;
  /** Age of the oldest of them, in ms (`null` when there is none). */
  readonly oldestPendingAgeMs: number | null;
  /** When the server last confirmed a state of this document (the confirming gateway's clock), or `null`. */
  readonly confirmedAt: number | null;
  /**
   * Every local update made up to this time is on the server (`null`: none known yet): the time of the newest
   * confirmed one before the oldest pending, or `confirmedAt` when none is pending.
   */
  readonly upTo: number | null;
}

/** What a step 2 or update we sent carried of ours, to be confirmed by its ack. */
export interface SentMark {
  readonly seq: number;
  readonly clock: number;
}

interface LocalUpdate {
  readonly seq: number;
  /** Our clock after it. */
  readonly end: number;
  /** It deleted something: a state vector cannot show it arrived (deletions move no clock). */
  readonly deletes: boolean;
  readonly at: number;
}

interface PeerState {
  seq: number;
  clock: number;
  refused: number;
  lastAckAt: number | null;
}

/**
 * Bookkeeping for acknowledgements of one document: the local updates not yet confirmed by any peer and, per
 * peer, how far it confirmed. Pure logic; the clock is passed in.
 */
export class AckTracker {
  #now: () => number;
  #seq = 0;
  #pending: LocalUpdate[] = [];
  #peers = new Map<string, PeerState>();
  /** Local updates not yet known to be on the server (a separate list: peers confirming is not the server). */
  #notOnServer: LocalUpdate[] = [];
  #serverClock = 0;
  #serverConfirmedAt: number | null = null;
  #serverUpTo: number | null = null;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A local transaction took our clock to `end`. */
  recordLocal(end: number, deletes: boolean): void {
    this.#seq++;
    const update = { seq: this.#seq, end, deletes, at: this.#now() };
    this.#pending.push(update);
    this.#notOnServer.push(update);
  }

  /**
   * The server holds our clock up to `clock` (from its state vector), as confirmed at `at`. An update that only
   * deleted moves no clock: it is on the server once the server holds anything we made after it, since every
   * replica receives a client's changes in the order that client made them (docs/reconciliation.md).
   * Returns whether anything changed.
   */
  confirmServer(clock: number, at: number): boolean {
    if (clock < this.#serverClock || (clock === this.#serverClock && at <= (this.#serverConfirmedAt ?? -1)))
      return false;
    this.#serverClock = clock;
    this.#serverConfirmedAt = Math.max(at, this.#serverConfirmedAt ?? at);
    const onServer = (u: LocalUpdate) => (u.deletes ? u.end < clock : u.end <= clock);
    for (const update of this.#notOnServer) if (onServer(update)) this.#serverUpTo = update.at;
    this.#notOnServer = this.#notOnServer.filter((update) => !onServer(update));
    return true;
  }

  serverStatus(): ServerStatus {
    const oldest = this.#notOnServer[0];
    const confirmedAt = this.#serverConfirmedAt;
    return {
      pending: this.#notOnServer.length,
      oldestPendingAgeMs: oldest === undefined ? null : this.#now() - oldest.at,
      confirmedAt,
      upTo: oldest === undefined ? confirmedAt : this.#serverUpTo,
    };
  }

  /** What a message sent now carries of ours. */
  mark(clock: number): SentMark {
    return { seq: this.#seq, clock };
  }

  /** The peer acknowledged a message (`seq`) or showed its state vector (`seq` 0); returns whether anything changed. */
  confirm(peerId: string, seq: number, clock: number): boolean {
    const peer = this.#peer(peerId);
    peer.lastAckAt = this.#now();
    if (seq <= peer.seq && clock <= peer.clock) return false;
    peer.seq = Math.max(peer.seq, seq);
    peer.clock = Math.max(peer.clock, clock);
    // Oldest first, seq and end both rising: an ack confirms a prefix. Past it, only an update that deleted
    // nothing and ends within the peer's clock can still be confirmed (by a state vector); if the first left
    // ends beyond the clock, so does every later one.
    let confirmed = 0;
    while (confirmed < this.#pending.length && confirms(peer, this.#pending[confirmed] as LocalUpdate))
      confirmed++;
    if (confirmed > 0) this.#pending.splice(0, confirmed);
    const first = this.#pending[0];
    if (first !== undefined && first.end <= peer.clock) {
      this.#pending = this.#pending.filter((update) => !confirms(peer, update));
    }
    return true;
  }

  refuse(peerId: string): void {
    const peer = this.#peer(peerId);
    peer.refused++;
    peer.lastAckAt = this.#now();
  }

  peers(): PeerAcks[] {
    return [...this.#peers].map(([peerId, p]) => ({
      peerId,
      confirmedSeq: p.seq,
      confirmedClock: p.clock,
      refused: p.refused,
      lastAckAt: p.lastAckAt,
    }));
  }

  unconfirmed(): Unconfirmed {
    const oldest = this.#pending[0];
    return {
      count: this.#pending.length,
      oldestAgeMs: oldest === undefined ? null : this.#now() - oldest.at,
    };
  }

  #peer(peerId: string): PeerState {
    let peer = this.#peers.get(peerId);
    if (!peer) {
      peer = { seq: 0, clock: 0, refused: 0, lastAckAt: null };
      this.#peers.set(peerId, peer);
    }
    return peer;
  }
}

function confirms(peer: PeerState, update: LocalUpdate): boolean {
  return update.seq <= peer.seq || (!update.deletes && update.end <= peer.clock);
}
