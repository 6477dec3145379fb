import * as Y from 'yjs';
import { isChannelOpen, type SyncChannel } from '../channel.ts';
import { encodeMessage } from '../protocol/encode-message.ts';
import type { SyncMessage } from '../protocol/sync-message.ts';
import type { LinkDoc } from './link-doc.ts';

/** Acks we wait for at most per document; beyond, the oldest are forgotten (a peer that never acks). */
const maxUnacked = 10_000;

/**
 * What a link sends, in order. Updates for the peer are held until the end of the tick and merged into one
 * message per document (`Y.mergeUpdates`); anything else sent first flushes them, so the order the peer sees is
 * the order things happened. Each step 2 and update remembers what it carried of ours, for its ack.
 */
export class LinkOutbox {
  readonly #channel: SyncChannel;
  readonly #expectsAcks: boolean;
  readonly #broken: () => void;
  readonly #queued = new Set<LinkDoc>();
  #flushQueued = false;
  closed = false;

  constructor(channel: SyncChannel, expectsAcks: boolean, broken: () => void) {
    this.#channel = channel;
    this.#expectsAcks = expectsAcks;
    this.#broken = broken;
  }

  queueUpdate(linkDoc: LinkDoc, update: Uint8Array): void {
    linkDoc.outgoing.push(update);
    this.#queued.add(linkDoc);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  send(message: SyncMessage): void {
    this.flush();
    this.#write(message);
  }

  /** A step 2 or update: remembered for its ack when the peer sends acks. */
  sendChanges(linkDoc: LinkDoc, kind: 'sync-step2' | 'update', update: Uint8Array): void {
    if (kind === 'sync-step2') this.flush();
    if (this.#expectsAcks) {
      linkDoc.unacked.push(linkDoc.document.mark());
      if (linkDoc.unacked.length > maxUnacked) linkDoc.unacked.shift();
    }
    this.#write({ kind, address: linkDoc.address, update, reply: false });
  }

  flush(): void {
    this.#flushQueued = false;
    if (this.#queued.size === 0) return;
    const queued = [...this.#queued];
    this.#queued.clear();
    for (const linkDoc of queued) {
      const { outgoing } = linkDoc;
      if (outgoing.length === 0 || !linkDoc.active) {
        outgoing.length = 0;
        continue;
      }
      const update = outgoing.length === 1 ? (outgoing[0] as Uint8Array) : Y.mergeUpdates(outgoing);
      outgoing.length = 0;
      this.sendChanges(linkDoc, 'update', update);
    }
  }

  #write(message: SyncMessage): void {
    if (this.closed || !isChannelOpen(this.#channel)) return;
    try {
      this.#channel.send(encodeMessage(message));
    } catch {
      this.#broken();
    }
  }
}
