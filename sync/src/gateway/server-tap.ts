import * as Y from 'yjs';
import { messageData, type SyncChannel } from '../channel.ts';
import { decodeMessage } from '../protocol/decode-message.ts';
import { parseAddress } from '../protocol/sync-message.ts';
import { type ClockRange, HeldRanges, structRanges } from './held-ranges.ts';

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
 * so an ack means the server holds the structs that message carried.
 *
 * Holding a message's structs is not holding everything below them. Our updates flow from the moment we send
 * our step 1, built on what we hold; the server gets what it lacks below that only in our step 2, which we send
 * once its step 1 has come back. Hocuspocus applies and acknowledges the updates in between anyway (Yjs keeps
 * them pending), so until our step 2 is stored they sit past a hole. What is reported is therefore the state
 * vector of what the server holds without a hole ({@link HeldRanges}), never the end of the last message acked.
 */
export class ServerTap {
  readonly #onState: (documentName: string, stateVector: Map<number, number>) => void;
  readonly #counts: WireCounts;
  /** Per address, the struct ranges each unacknowledged step 2 / update of ours carries. */
  readonly #unacked = new Map<string, ClockRange[][]>();
  /** Per address, what the server is known to hold on this connection. */
  readonly #held = new Map<string, HeldRanges>();
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
    this.#held.clear();
  }

  #outgoing(data: Uint8Array): void {
    this.#counts.bytesSent += data.byteLength;
    this.#counts.messagesSent++;
    const message = safeDecode(data);
    if (message === null || (message.kind !== 'sync-step2' && message.kind !== 'update')) return;
    this.#counts.updateBytesSent += message.update.byteLength;
    const queue = this.#unacked.get(message.address) ?? [];
    queue.push(structRanges(message.update));
    this.#unacked.set(message.address, queue);
  }

  #incoming = (event: { type: string }): void => {
    const data = messageData(event);
    if (!(data instanceof ArrayBuffer)) return;
    this.#counts.bytesReceived += data.byteLength;
    const message = safeDecode(new Uint8Array(data));
    if (message === null || !('address' in message)) return;
    const { address } = message;
    switch (message.kind) {
      case 'sync-step1':
        this.#learnt(address, (held) => held.addVector(decodeVector(message.stateVector)));
        return;
      case 'sync-step2':
      case 'update':
        this.#learnt(address, (held) => held.addAll(structRanges(message.update)));
        return;
      case 'sync-status': {
        const ranges = this.#unacked.get(address)?.shift();
        if (ranges !== undefined && message.applied) this.#learnt(address, (held) => held.addAll(ranges));
        return;
      }
      case 'auth-denied':
        this.#unacked.delete(address);
        this.#held.delete(address);
        return;
    }
  };

  #learnt(address: string, add: (held: HeldRanges) => void): void {
    const held = this.#held.get(address) ?? new HeldRanges();
    this.#held.set(address, held);
    add(held);
    this.#onState(parseAddress(address).name, held.stateVector());
  }
}

function safeDecode(bytes: Uint8Array): ReturnType<typeof decodeMessage> | null {
  try {
    return decodeMessage(bytes);
  } catch {
    return null; // the hub's link reports and closes; nothing to learn here
  }
}

function decodeVector(bytes: Uint8Array): Map<number, number> {
  try {
    return Y.decodeStateVector(bytes);
  } catch {
    return new Map();
  }
}
