import type { SentMark } from './ack-tracker.ts';
import type { SyncDocument } from './sync-document.ts';
import type { SyncLink } from './sync-link.ts';

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
  /** What each step 2 / update sent and not yet acknowledged carried of ours, oldest first. */
  readonly unacked: SentMark[] = [];
  /** Updates waiting for this tick's flush, merged into one message then. */
  readonly outgoing: Uint8Array[] = [];

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
}
