import * as Y from 'yjs';
import { messageData, type SyncChannel } from '../channel.ts';
import { decodeMessage } from '../protocol/decode-message.ts';
import { parseAddress } from '../protocol/sync-message.ts';

/** Bytes on a gateway's connections to the server, for status and for the `server.reconcile.ratio` bench. */
export interface WireCounts {
  /** Every message we sent. */
  bytesSent: number;
  /** The Yjs update bytes inside the step 2s and updates we sent (what the server lacked). */
  updateBytesSent: number;
  bytesReceived: number;
  messagesSent: number;
}

/**
 * Watches one WebSocket to the Hocuspocus server, beside the hub's link on it, to learn what the server holds of
 * each document: its step 1 (its state vector), what it sends us, and what it acknowledges — Hocuspocus answers
 * each step 2 and update with SyncStatus in order, and `offgrid serve` only after the update is durably stored,
 * so an ack means the server holds what that message carried (`Y.parseUpdateMeta(update).to`).
 */
export class ServerTap {
  readonly #onState: (documentName: string, stateVector: Map<number, number>) => void;
  readonly #counts: WireCounts;
  /** Per address, the state vector each unacknowledged step 2 / update of ours brings the server to. */
  readonly #unacked = new Map<string, Map<number, number>[]>();
  readonly #channel: SyncChannel;
  readonly #send: SyncChannel['send'];

  constructor(
    channel: SyncChannel,
    counts: WireCounts,
    onState: (documentName: string, stateVector: Map<number, number>) => void,
  ) {
    this.#channel = channel;
    this.#counts = counts;
    this.#onState = onState;
    this.#send = channel.send;
    // An own property on this socket only, so what the hub sends passes here first.
    channel.send = (data) => {
      this.#outgoing(data);
      this.#send.call(channel, data);
    };
    channel.addEventListener('message', this.#incoming);
  }

  detach(): void {
    this.#channel.send = this.#send;
    this.#channel.removeEventListener('message', this.#incoming);
    this.#unacked.clear();
  }

  #outgoing(data: Uint8Array): void {
    this.#counts.bytesSent += data.byteLength;
    this.#counts.messagesSent++;
    const message = safeDecode(data);
    if (message === null || (message.kind !== 'sync-step2' && message.kind !== 'update')) return;
    this.#counts.updateBytesSent += message.update.byteLength;
    const queue = this.#unacked.get(message.address) ?? [];
    queue.push(meta(message.update));
    this.#unacked.set(message.address, queue);
  }

  #incoming = (event: { type: string }): void => {
    const data = messageData(event);
    if (!(data instanceof ArrayBuffer)) return;
    this.#counts.bytesReceived += data.byteLength;
    const message = safeDecode(new Uint8Array(data));
    if (message === null || !('address' in message)) return;
    const { name } = parseAddress(message.address);
    switch (message.kind) {
      case 'sync-step1':
        this.#onState(name, decodeVector(message.stateVector));
        return;
      case 'sync-step2':
      case 'update':
        this.#onState(name, meta(message.update));
        return;
      case 'sync-status': {
        const to = this.#unacked.get(message.address)?.shift();
        if (to !== undefined && message.applied) this.#onState(name, to);
        return;
      }
      case 'auth-denied':
        this.#unacked.delete(message.address);
        return;
    }
  };
}

function safeDecode(bytes: Uint8Array): ReturnType<typeof decodeMessage> | null {
  try {
    return decodeMessage(bytes);
  } catch {
    return null; // the hub's link reports and closes; nothing to learn here
  }
}

/** The state vector an update brings its receiver to, for the clients it carries. */
function meta(update: Uint8Array): Map<number, number> {
  try {
    return Y.parseUpdateMeta(update).to;
  } catch {
    return new Map();
  }
}

function decodeVector(bytes: Uint8Array): Map<number, number> {
  try {
    return Y.decodeStateVector(bytes);
  } catch {
    return new Map();
  }
}
