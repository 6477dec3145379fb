import type { OutgoingProgress } from '../share/share-types.ts';

/**
 * The ids of outgoing shares as a page sees them: the agent numbers the shares of all the app's pages, a page
 * names its own by a local id known at once. A share of this page shows under a provisional entry until the
 * agent's entry (tied to it by the `started` answer to its request) is in a snapshot; other pages' shares get a
 * local id when first seen.
 */
export class PageShareIds {
  readonly #nextId: () => number;
  /** The agent's outgoing id → the page's. */
  readonly #local = new Map<number, number>();
  readonly #provisional = new Map<number, OutgoingProgress>();
  /** This page's share requests (request id) → the local id of their outgoing entry. */
  readonly #own = new Map<number, number>();

  constructor(nextId: () => number) {
    this.#nextId = nextId;
  }

  /** A share of this page starts: its provisional entry, under a new local id (returned). */
  begin(entry: Omit<OutgoingProgress, 'id'>): number {
    const local = this.#nextId();
    this.#provisional.set(local, { ...entry, id: local });
    return local;
  }

  /** The share `local` was sent as request `requestId`. */
  requested(requestId: number, local: number): void {
    this.#own.set(requestId, local);
  }

  /** The agent's `started`: request `requestId`'s share is its outgoing entry `agentId`. */
  started(requestId: number, agentId: number): void {
    const local = this.#own.get(requestId);
    if (local !== undefined) this.#local.set(agentId, local);
  }

  /** Share `local` (request `requestId`) ended; true when its provisional entry was still shown. */
  end(requestId: number, local: number): boolean {
    this.#own.delete(requestId);
    return this.#provisional.delete(local);
  }

  /** The agent's entries are in: their provisional stand-ins go. */
  arrived(agentOutgoing: readonly OutgoingProgress[]): void {
    for (const entry of agentOutgoing) this.#provisional.delete(this.localId(entry.id));
  }

  /** The agent's outgoing entries under local ids, then the provisional ones. */
  outgoing(agentOutgoing: readonly OutgoingProgress[]): OutgoingProgress[] {
    const known = agentOutgoing.map((entry) => ({ ...entry, id: this.localId(entry.id) }));
    return [...known, ...this.#provisional.values()];
  }

  /** The transfer id of share `local`, once the agent has it. */
  transferIdOf(local: number, agentOutgoing: readonly OutgoingProgress[]): string | undefined {
    return agentOutgoing.find((entry) => this.#local.get(entry.id) === local)?.transferId;
  }

  localId(agentId: number): number {
    let local = this.#local.get(agentId);
    if (local === undefined) {
      local = this.#nextId();
      this.#local.set(agentId, local);
    }
    return local;
  }
}
