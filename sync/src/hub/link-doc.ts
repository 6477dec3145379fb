import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import type { DeleteSet, KnownState } from './changes-since.ts';
import { LinkAcks } from './link-acks.ts';
import type { SyncDocument } from './sync-document.ts';
import type { SyncLink } from './sync-link.ts';

/** Updates that arrived before the peer's step 2 and build on it: kept until it comes, up to these bounds. */
const maxEarlyUpdates = 1000;
const maxEarlyBytes = 16 * 1024 * 1024;

/**
 * One document on one link, addressed as the wire addresses it (the name, or `name\0sessionId` for a
 * session-aware Hocuspocus provider). It is also the Yjs transaction origin of everything applied from that
 * link, which is how relaying skips the link an update came from.
 */
export class LinkDoc {
  readonly link: SyncLink;
  readonly address: string;
  readonly document: SyncDocument;
  readonly peerId: string;
  readonly access: 'read' | 'write';
  /** We sent our step 1 for it on this link. */
  sentStep1 = false;
  /** Updates and awareness flow to the peer (it has shown it holds the document, or it is our server). */
  active = false;
  /** What the peer's acks of our step 2s and updates here confirm. */
  readonly acks = new LinkAcks();
  /** The peer's step 2 has been applied here. */
  peerSynced = false;
  readonly #early: Uint8Array[] = [];
  #earlyBytes = 0;
  /** What the peer holds of the document's structs: what it sent us, plus what we sent it. */
  readonly known: KnownState = new Map();
  /** Deletions the peer has not been sent yet (this tick's transactions not from it); sent at the flush. */
  readonly deletes: DeleteSet[] = [];

  constructor(
    link: SyncLink,
    address: string,
    document: SyncDocument,
    peerId: string,
    access: 'read' | 'write',
  ) {
    this.link = link;
    this.address = address;
    this.document = document;
    this.peerId = peerId;
    this.access = access;
  }

  /** The peer holds at least this much (a state vector, decoded). */
  knowsUpTo(state: ReadonlyMap<number, number>): void {
    for (const [client, clock] of state) {
      if (clock > (this.known.get(client) ?? 0)) this.known.set(client, clock);
    }
  }

  /** Keeps an update that arrived before the peer's step 2 and builds on it; bounded. */
  holdEarly(update: Uint8Array): void {
    this.#earlyBytes += update.length;
    if (this.#early.length >= maxEarlyUpdates || this.#earlyBytes > maxEarlyBytes) {
      throw new SyncProtocolError(
        'missing-structures',
        'too many updates waiting for a step 2 that does not come',
      );
    }
    this.#early.push(update.slice());
  }

  /** The held updates, oldest first; they are forgotten here. */
  takeEarly(): Uint8Array[] {
    const early = this.#early.splice(0);
    this.#earlyBytes = 0;
    return early;
  }
}
