import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  AckTracker,
  type PeerAcks,
  type SentMark,
  type ServerStatus,
  type Unconfirmed,
} from './ack-tracker.ts';
import type { StatelessEvent } from './events.ts';
import { LinkDoc } from './link-doc.ts';

const maxDepartedClients = 4096;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * A document shared through a {@link SyncHub}: the Yjs document, its presence (y-protocols awareness; remote
 * states go when the link they came through closes, or after 30 s without renewal) and its acknowledgements.
 * Events: `acks` (confirmations or the unconfirmed set changed; at most once a tick), `refused` (a peer refused
 * our update, or we refused a peer's), `stateless`.
 */
export class SyncDocument extends EventTarget {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly #acks: AckTracker;
  readonly #attached = new Set<LinkDoc>();
  /** Through which links each remote presence came (several in a mesh); gone when none is left. */
  readonly #paths = new Map<number, Set<LinkDoc>>();
  /** When each remote presence was last renewed (our clock, so tests can drive it). */
  readonly #renewedAt = new Map<number, number>();
  readonly #now: () => number;
  readonly #presenceTimeoutMs: number;
  readonly #sweep: ReturnType<typeof setInterval>;
  #acksEventQueued = false;

  constructor(name: string, doc: Y.Doc, now: () => number, presenceTimeoutMs = 30_000) {
    super();
    this.#now = now;
    this.#presenceTimeoutMs = presenceTimeoutMs;
    // y-protocols expires too, but on lib0's wall clock; this sweep follows the hub's clock.
    this.#sweep = setInterval(() => this.#expire(), Math.max(10, presenceTimeoutMs / 10));
    this.name = name;
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.#acks = new AckTracker(now);
    doc.on('afterTransaction', this.#onTransaction);
    this.awareness.on('update', this.#onAwareness);
  }

  /** Per peer, how far it has confirmed this replica's own updates. */
  peers(): PeerAcks[] {
    return this.#acks.peers();
  }

  /** The local updates no peer has confirmed yet, and the age of the oldest. */
  unconfirmed(): Unconfirmed {
    return this.#acks.unconfirmed();
  }

  /** How far the central server holds this replica's own updates (see {@link confirmServer}). */
  serverStatus(): ServerStatus {
    return this.#acks.serverStatus();
  }

  /**
   * Records that the server holds `stateVector` of this document (confirmed at `at`, ms since the epoch), as a
   * gateway learnt it from the server's acks or as it travelled over the LAN; dispatches `acks` if that
   * confirms more. Called by the gateway's confirmation relay (`@offgrid/sync` gateway), not by applications.
   */
  confirmServer(stateVector: ReadonlyMap<number, number>, at: number): void {
    if (this.#acks.confirmServer(stateVector.get(this.doc.clientID) ?? 0, at)) this.#queueAcksEvent();
  }

  /**
   * Sends a Hocuspocus stateless message (a string, usually JSON; not stored in the document) to every peer the
   * document is active with. Peers receive it as a `stateless` {@link StatelessEvent} on their document.
   */
  sendStateless(payload: string): void {
    for (const linkDoc of this.#attached) if (linkDoc.active) linkDoc.link.sendStateless(linkDoc, payload);
  }

  /** The links this document is open on (active or waiting for the peer). */
  get links(): ReadonlySet<LinkDoc> {
    return this.#attached;
  }

  /** @internal */
  attach(linkDoc: LinkDoc): void {
    this.#attached.add(linkDoc);
  }

  /** @internal Forgets a link: presence only it carried is removed, and the removal relayed. */
  detach(linkDoc: LinkDoc): void {
    if (!this.#attached.delete(linkDoc)) return;
    const gone: number[] = [];
    for (const [client, via] of this.#paths) {
      if (via.delete(linkDoc) && via.size === 0) gone.push(client);
    }
    if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, gone, 'link-closed');
  }

  /** @internal */
  confirm(peerId: string, mark: SentMark): void {
    if (this.#acks.confirm(peerId, mark.seq, mark.clock)) this.#queueAcksEvent();
  }

  /** @internal What a step 2 or update sent now carries of ours. */
  mark(): SentMark {
    return this.#acks.mark(this.ownClock);
  }

  /** @internal */
  refuse(peerId: string): void {
    this.#acks.refuse(peerId);
    this.#queueAcksEvent();
  }

  /** This replica's own clock: what a peer has once it has applied everything we sent. */
  get ownClock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  /** @internal */
  destroy(): void {
    clearInterval(this.#sweep);
    this.doc.off('afterTransaction', this.#onTransaction);
    this.awareness.off('update', this.#onAwareness);
    this.awareness.destroy();
  }

  /**
   * Every transaction that changed something goes to the links it did not come from, at the end of the tick (the
   * structs by state vector, the deletions from the transaction's delete set): Yjs is never asked to encode a
   * per-transaction update. What came from a link is what that peer holds. Local ones are also the updates peers
   * must confirm.
   */
  #onTransaction = (transaction: Y.Transaction): void => {
    const deletes = transaction.deleteSet.clients.size > 0;
    const from = transaction.origin instanceof LinkDoc ? transaction.origin : null;
    let inserts = false;
    for (const [client, clock] of transaction.afterState) {
      if ((transaction.beforeState.get(client) ?? 0) === clock) continue;
      inserts = true;
      // Yjs applies only causally complete structs, so the peer holds everything of this client up to here.
      if (from !== null && clock > (from.known.get(client) ?? 0)) from.known.set(client, clock);
    }
    if (!deletes && !inserts) return;
    if (from === null) {
      // Only a transaction that deleted and inserted nothing is invisible in a state vector: one that also
      // inserted (a Y.Map key overwritten) travels with its deletions in the same message, so a state vector
      // holding its clock shows all of it arrived. Else the last such edit would read "not yet on the server"
      // until the next one.
      this.#acks.recordLocal(this.ownClock, deletes && !inserts);
      this.#queueAcksEvent();
    }
    for (const linkDoc of this.#attached) {
      if (linkDoc === from || !linkDoc.active) continue;
      if (deletes) linkDoc.deletes.push(transaction.deleteSet);
      linkDoc.link.queueChanges(linkDoc);
    }
  };

  #onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const from = origin instanceof LinkDoc ? origin : null;
    if (from !== null) {
      for (const client of [...added, ...updated]) {
        this.#renewedAt.set(client, this.#now());
        const via = this.#paths.get(client) ?? new Set<LinkDoc>();
        via.add(from);
        this.#paths.set(client, via);
      }
    }
    for (const client of removed) {
      this.#paths.delete(client);
      this.#renewedAt.delete(client);
    }
    this.#pruneForgotten();
    const changed = [...added, ...updated, ...removed];
    let bytes: Uint8Array | undefined;
    for (const linkDoc of this.#attached) {
      if (linkDoc === from || !linkDoc.active) continue;
      bytes ??= awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      linkDoc.link.sendAwareness(linkDoc, bytes);
    }
  };

  /**
   * y-protocols keeps the clock of every client ever seen, so that stale relays cannot revive a removed presence.
   * Bounded here: past a few thousand departed clients, their clocks are forgotten (a stale relay may then show
   * one again until it expires).
   */
  #pruneForgotten(): void {
    const { meta, states } = this.awareness;
    if (meta.size <= states.size + maxDepartedClients) return;
    for (const client of meta.keys())
      if (!states.has(client) && client !== this.doc.clientID) meta.delete(client);
  }

  #expire(): void {
    const now = this.#now();
    const stale: number[] = [];
    for (const [client, at] of this.#renewedAt) if (now - at >= this.#presenceTimeoutMs) stale.push(client);
    if (stale.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, stale, 'timeout');
  }

  #queueAcksEvent(): void {
    if (this.#acksEventQueued) return;
    this.#acksEventQueued = true;
    queueMicrotask(() => {
      this.#acksEventQueued = false;
      this.dispatchEvent(new Event('acks'));
    });
  }
}
