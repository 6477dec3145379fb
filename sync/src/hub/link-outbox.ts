import { isChannelOpen, type SyncChannel } from '../channel.ts';
import { encodeMessage } from '../protocol/encode-message.ts';
import type { SyncMessage } from '../protocol/sync-message.ts';
import { encodeChangesSince } from './changes-since.ts';
import type { LinkDoc } from './link-doc.ts';

/** Above this many bytes in the channel's buffer, messages wait here; they go again below `lowWater`. */
const highWater = 1024 * 1024;
const lowWater = 256 * 1024;
/** A peer this far behind is cut off; it catches up by state-vector diff when it reconnects. */
const maxHeldBytes = 128 * 1024 * 1024;

/**
 * What a link sends, in order. Changes for the peer (local transactions, and those relayed from other links) are
 * collected until the end of the tick and sent as one update per document: the structs past what the peer is
 * known to hold, and the deletions of that tick's transactions ({@link encodeChangesSince}); anything else sent
 * first flushes them, so the order the peer sees is the order things happened. Each step 2 and update is
 * remembered for its ack (`LinkAcks`).
 *
 * Backpressure: while the channel holds more than 1 MiB unsent, messages wait here (in order) until it drains —
 * on `bufferedamountlow` where the channel has a threshold (data channels), by polling `bufferedAmount`
 * otherwise (WebSockets).
 */
export class LinkOutbox {
  readonly #channel: SyncChannel;
  readonly #expectsAcks: boolean;
  readonly #broken: () => void;
  readonly #queued = new Set<LinkDoc>();
  #flushQueued = false;
  readonly #held: Uint8Array<ArrayBuffer>[] = [];
  #heldBytes = 0;
  #drainScheduled = false;
  closed = false;

  constructor(channel: SyncChannel, expectsAcks: boolean, broken: () => void) {
    this.#channel = channel;
    this.#expectsAcks = expectsAcks;
    this.#broken = broken;
  }

  /** The document changed for this peer: send what it lacks at the end of the tick. */
  queueChanges(linkDoc: LinkDoc): void {
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
    if (this.#expectsAcks) linkDoc.acks.sent(kind, linkDoc.document);
    this.#write({ kind, address: linkDoc.address, update, reply: false });
  }

  flush(): void {
    this.#flushQueued = false;
    if (this.#queued.size === 0) return;
    const queued = [...this.#queued];
    this.#queued.clear();
    for (const linkDoc of queued) {
      if (!linkDoc.active) {
        linkDoc.deletes.length = 0;
        continue;
      }
      const update = encodeChangesSince(linkDoc.document.doc, linkDoc.known, linkDoc.deletes);
      linkDoc.deletes.length = 0;
      // Nothing the peer lacks (it had every struct already, from us or through another path): no message.
      if (update.length > 2 || update[0] !== 0 || update[1] !== 0)
        this.sendChanges(linkDoc, 'update', update);
    }
  }

  #write(message: SyncMessage): void {
    if (this.closed || !isChannelOpen(this.#channel)) return;
    const bytes = encodeMessage(message);
    if (this.#held.length > 0 || this.#channel.bufferedAmount > highWater) {
      this.#held.push(bytes);
      this.#heldBytes += bytes.length;
      if (this.#heldBytes > maxHeldBytes) this.#broken();
      else this.#scheduleDrain();
      return;
    }
    this.#sendNow(bytes);
  }

  #sendNow(bytes: Uint8Array<ArrayBuffer>): void {
    try {
      this.#channel.send(bytes);
    } catch {
      this.#broken();
    }
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    const channel = this.#channel;
    if (typeof channel.bufferedAmountLowThreshold === 'number') {
      channel.bufferedAmountLowThreshold = lowWater;
      channel.addEventListener('bufferedamountlow', this.#drain);
      // Already below: the event will not come.
      if (channel.bufferedAmount <= lowWater) queueMicrotask(this.#drain);
    } else {
      setTimeout(this.#drain, 5);
    }
  }

  #drain = (): void => {
    this.#drainScheduled = false;
    this.#channel.removeEventListener('bufferedamountlow', this.#drain);
    while (this.#held.length > 0 && !this.closed && isChannelOpen(this.#channel)) {
      if (this.#channel.bufferedAmount > highWater) {
        this.#scheduleDrain();
        return;
      }
      const bytes = this.#held.shift() as Uint8Array<ArrayBuffer>;
      this.#heldBytes -= bytes.length;
      this.#sendNow(bytes);
    }
  };
}
