/** What one peer has confirmed of this replica's own updates to a document. */
export interface PeerAcks {
  readonly peerId: string;
  /**
   * This replica's own clock (its Yjs client id's) that the peer has applied, from sync-status acks or from the
   * peer's state vector: every local update ending at or below it is confirmed by that peer.
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
 * Bookkeeping for acknowledgements of one document: local updates (by the end clock of this replica's client)
 * and, per peer, the highest confirmed clock. Pure logic; the clock is passed in.
 */
export class AckTracker {
  #now: () => number;
  #local: Array<{ end: number; at: number }> = [];
  #peers = new Map<string, { confirmed: number; refused: number; lastAckAt: number | null }>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A local transaction took this replica's clock to `end`. */
  recordLocal(end: number): void {
    const last = this.#local.at(-1);
    if (last === undefined || end > last.end) {
      if (end > this.#bestConfirmed()) this.#local.push({ end, at: this.#now() });
    }
  }

  /** The peer has applied everything of ours up to `clock`; returns whether anything changed. */
  confirm(peerId: string, clock: number): boolean {
    const peer = this.#peer(peerId);
    peer.lastAckAt = this.#now();
    if (clock <= peer.confirmed) return false;
    peer.confirmed = clock;
    const best = this.#bestConfirmed();
    while (this.#local.length > 0 && (this.#local[0] as { end: number }).end <= best) this.#local.shift();
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
      confirmedClock: p.confirmed,
      refused: p.refused,
      lastAckAt: p.lastAckAt,
    }));
  }

  unconfirmed(): Unconfirmed {
    const oldest = this.#local[0];
    return { count: this.#local.length, oldestAgeMs: oldest === undefined ? null : this.#now() - oldest.at };
  }

  #peer(peerId: string) {
    let peer = this.#peers.get(peerId);
    if (!peer) {
      peer = { confirmed: 0, refused: 0, lastAckAt: null };
      this.#peers.set(peerId, peer);
    }
    return peer;
  }

  #bestConfirmed(): number {
    let best = 0;
    for (const peer of this.#peers.values()) best = Math.max(best, peer.confirmed);
    return best;
  }
}
