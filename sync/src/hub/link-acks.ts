import type { SentMark } from './ack-tracker.ts';

/** Acks we wait for at most per document and link; past this, the oldest are forgotten (a peer that never acks). */
const maxInFlight = 10_000;

/**
 * What the acks of one document on one link may confirm. The peer acknowledges each step 2 and update we send,
 * in order (SyncStatus; an ordered channel), so the k-th ack is for the k-th message. An ack says the peer
 * applied that message — not that it holds everything the message builds on: an update sent before our step 2
 * (a client link streams from the moment it sends its step 1, built on all we hold) builds on what the peer
 * gets only in that step 2, and a Hocuspocus server applies it anyway (Yjs keeps it pending) and acknowledges
 * it. So a message confirms what we held when we sent it only if the peer holds everything below it:
 *
 * - our step 2 is the diff against the peer's own state vector: applied, the peer holds all we held then;
 * - each later message is built on what the peer holds after the ones before (its step 1, what it sent us,
 *   what we sent it), so it confirms if every message since the step 2 was applied too (none refused);
 * - a message sent before any step 2 confirms nothing by its ack; the step 2's ack, which comes after, covers it.
 *
 * A refusal (SyncStatus 0: the peer may not write) ends confirmations by ack on this link; its step 1 still
 * confirms what its state vector shows.
 */
export class LinkAcks {
  /** Per message in flight, oldest first: the mark its ack confirms, or `null` for nothing. */
  readonly #inFlight: (SentMark | null)[] = [];
  /** Acks still to come for messages forgotten past {@link maxInFlight}: they confirm nothing. */
  #forgotten = 0;
  /** Our step 2 has been sent: what we send from it on builds only on what the peer holds. */
  #grounded = false;
  /** The peer refused a message since our step 2: what it holds since then is not known from acks. */
  #broken = false;

  /** A step 2 or update is being sent; `ours.mark()` says what we hold now. */
  sent(kind: 'sync-step2' | 'update', ours: { mark(): SentMark }): void {
    if (kind === 'sync-step2') this.#grounded = true;
    this.#inFlight.push(this.#grounded ? ours.mark() : null);
    if (this.#inFlight.length > maxInFlight) {
      this.#inFlight.shift();
      this.#forgotten++;
    }
  }

  /**
   * The peer acknowledged the oldest message in flight. Returns what that confirms (`null`: nothing), or
   * `undefined` when no message was in flight (an ack we did not ask for).
   */
  acked(applied: boolean): SentMark | null | undefined {
    if (this.#forgotten > 0) {
      this.#forgotten--;
      if (!applied) this.#broken = true; // it may have been sent after our step 2
      return null;
    }
    const mark = this.#inFlight.shift();
    if (mark === undefined) return undefined;
    // A refusal of a message sent before our step 2 changes nothing: the step 2 carries what it lacked.
    if (!applied && mark !== null) this.#broken = true;
    return applied && !this.#broken ? mark : null;
  }
}
