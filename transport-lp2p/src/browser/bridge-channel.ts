import {
  type BinaryType,
  type DataChannelBackend,
  type DataChannelData,
  type DataChannelState,
  LP2PDataChannel,
  LP2PErrorEvent,
  MAX_MESSAGE_SIZE,
} from '../api/index.ts';
import { BridgeError, DataChannelError, type DataChannelErrorCode } from '../errors/index.ts';
import type { BridgeLink } from './bridge-link.ts';
import { type AgentMessage, CHUNK_BYTES } from './bridge-protocol.ts';
import { MessageAssembler } from './message-assembler.ts';

/**
 * Most payload bytes a page may have sent that the agent's transport has not taken yet; beyond it `send` throws
 * OperationError, as RTCDataChannel does when its buffer is full (WebRTC §6.2 send()). The agent enforces it too.
 */
export const MAX_BUFFERED_BYTES = 512 * 1024 * 1024;

const utf8 = new TextEncoder();
const channelCodes = new Set<string>([
  'open-rejected',
  'open-failed',
  'unexpected-message',
  'invalid-message',
  'malformed-frame',
  'stream-reset',
  'connection-lost',
]);

/**
 * The page's side of one data channel, behind the very `LP2PDataChannel` class Node programs get: the agent runs
 * the OSP channel (`DataChannelCore`) and this relays it. `bufferedAmount` counts bytes until the agent says its
 * transport took them (`ch.ack`), so it reflects backpressure on the agent's side as well as on the WebSocket.
 */
export class BridgeChannel implements DataChannelBackend {
  readonly channel: LP2PDataChannel;
  readonly setup: { label: string; protocol: string; id: number | null };
  binaryType: BinaryType = 'arraybuffer';
  bufferedAmountLowThreshold = 0;
  readonly #link: BridgeLink;
  readonly #ch: number;
  readonly #incoming = new MessageAssembler();
  #state: DataChannelState;
  #sent = 0;
  #acked = 0;
  /** Set while a Blob is read: later sends and close wait behind it to keep their order. */
  #tail: Promise<void> | undefined;

  constructor(
    link: BridgeLink,
    ch: number,
    setup: { label: string; protocol: string; id: number | null },
    state: DataChannelState,
  ) {
    this.#link = link;
    this.#ch = ch;
    this.setup = setup;
    this.#state = state;
    this.channel = new LP2PDataChannel(this);
    link.on(ch, (message) => this.#handle(message));
  }

  get readyState(): DataChannelState {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.#sent - this.#acked;
  }

  send(data: DataChannelData): void {
    if (this.#state !== 'open') {
      throw new DOMException(`data channel ${this.setup.id} is ${this.#state}`, 'InvalidStateError');
    }
    const text = typeof data === 'string';
    const bytes = text ? utf8.encode(data) : data instanceof Blob ? undefined : asBytes(data);
    const size = bytes?.byteLength ?? (data as Blob).size;
    if (size > MAX_MESSAGE_SIZE) {
      throw new TypeError(`message of ${size} bytes exceeds the maximum of ${MAX_MESSAGE_SIZE}`);
    }
    if (this.bufferedAmount + size > MAX_BUFFERED_BYTES) {
      throw new DOMException('the data channel buffer is full', 'OperationError');
    }
    this.#sent += size;
    if (bytes && this.#tail === undefined) {
      this.#transmit(bytes, text);
      return;
    }
    // A Blob must be read first; anything sent after it waits its turn.
    const read = bytes ? Promise.resolve(bytes) : (data as Blob).arrayBuffer().then((b) => new Uint8Array(b));
    this.#behindTail(async () => this.#transmit(await read, text));
  }

  close(): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#state = 'closing';
    this.#behindTail(async () => this.#link.send({ t: 'ch.close', ch: this.#ch }));
  }

  /** The connection closed under the channel. */
  connectionClosed(error?: Error): void {
    this.#setClosed(error);
  }

  #transmit(bytes: Uint8Array, text: boolean): void {
    if (this.#state === 'closed') return;
    // A copy per chunk (the encoder's), so the caller may reuse its buffer once `send` returns.
    for (let at = 0; at < bytes.byteLength || at === 0; at += CHUNK_BYTES) {
      const end = Math.min(at + CHUNK_BYTES, bytes.byteLength);
      const more = end < bytes.byteLength;
      this.#link.send({ t: 'ch.send', ch: this.#ch, d: bytes.subarray(at, end), text, more });
      if (!more) break;
    }
  }

  #behindTail(step: () => Promise<void>): void {
    const tail = (this.#tail ?? Promise.resolve()).then(step).catch((error: unknown) => {
      this.#setClosed(new BridgeError('disconnected', 'could not send on the bridge', { cause: error }));
    });
    this.#tail = tail;
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
  }

  #handle(message: AgentMessage): void {
    switch (message.t) {
      case 'ch.opened':
        this.setup.id = message.id;
        if (this.#state === 'connecting') {
          this.#state = 'open';
          this.#fire(new Event('open'));
        }
        return;
      case 'ch.message': {
        let data: string | ArrayBuffer | Blob | undefined;
        try {
          data = this.#incoming.add(message.d, message.text, message.more, this.binaryType);
        } catch (error) {
          this.#setClosed(error as Error);
          return;
        }
        if (data !== undefined && this.#state === 'open') this.#fire(new MessageEvent('message', { data }));
        return;
      }
      case 'ch.ack': {
        const before = this.bufferedAmount;
        this.#acked = Math.min(message.n, this.#sent);
        const threshold = this.bufferedAmountLowThreshold;
        if (before > threshold && this.bufferedAmount <= threshold)
          this.#fire(new Event('bufferedamountlow'));
        return;
      }
      case 'ch.closing':
        if (this.#state === 'open') {
          this.#state = 'closing';
          this.#fire(new Event('closing'));
        }
        return;
      case 'ch.closed':
        this.#setClosed(message.code ? channelError(message.code, message.message) : undefined);
        return;
      default:
        return;
    }
  }

  #setClosed(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#link.forget(this.#ch);
    if (error) this.#fire(new LP2PErrorEvent('error', { error }));
    this.#fire(new Event('close'));
  }

  #fire(event: Event): void {
    this.channel.dispatchEvent(event);
  }
}

function asBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

/** The agent's error, as the class a Node program would have seen. */
function channelError(code: string, message: string): Error {
  if (channelCodes.has(code)) return new DataChannelError(code as DataChannelErrorCode, message);
  return new BridgeError(code === 'limit-exceeded' ? code : 'disconnected', message);
}
