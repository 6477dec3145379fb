import type { LP2PDataChannel, LP2PErrorEvent } from '../api/index.ts';
import { type AgentMessage, CHUNK_BYTES, MAX_BUFFERED_BYTES, MessageAssembler } from '../browser/index.ts';
import { BridgeError, type OffgridError } from '../errors/index.ts';

/** The agent acknowledges a page's bytes whenever this many more have left its channel's buffer. */
const ACK_STEP = 256 * 1024;

const utf8 = new TextEncoder();

/**
 * Relays one agent-side `LP2PDataChannel` to the page's channel (`browser/bridge-channel.ts`): its events as bridge
 * messages, big messages in chunks; the page's chunks joined and sent. The page's `bufferedAmount` counts bytes
 * until `ch.ack`, sent as the agent channel's own `bufferedAmount` falls, so backpressure is carried end to end.
 */
export class ChannelRelay {
  readonly channel: LP2PDataChannel;
  readonly #ch: number;
  readonly #toPage: (message: AgentMessage) => void;
  readonly #incoming = new MessageAssembler();
  #submitted = 0;
  #acked = 0;
  #error: OffgridError | undefined;

  constructor(channel: LP2PDataChannel, ch: number, toPage: (message: AgentMessage) => void) {
    this.channel = channel;
    this.#ch = ch;
    this.#toPage = toPage;
    channel.addEventListener('open', () => toPage({ t: 'ch.opened', ch, id: channel.id ?? -1 }));
    channel.addEventListener('message', (event) => this.#forward((event as MessageEvent).data));
    channel.addEventListener('bufferedamountlow', () => this.#ack());
    channel.addEventListener('closing', () => toPage({ t: 'ch.closing', ch }));
    channel.addEventListener('error', (event) => {
      this.#error = (event as LP2PErrorEvent).error as OffgridError;
    });
    channel.addEventListener('close', () => {
      const { code, message } = this.#error ?? { code: '', message: '' };
      toPage({ t: 'ch.closed', ch, code: typeof code === 'string' ? code : 'stream-reset', message });
    });
  }

  /**
   * A chunk of a message from the page; sends the message once whole.
   * @throws BridgeError 'malformed-frame' for chunks that do not make a message, 'limit-exceeded' when the page
   *   has more unacknowledged bytes than it may.
   */
  receive(chunk: Uint8Array, text: boolean, more: boolean): void {
    const data = this.#incoming.add(chunk, text, more, 'arraybuffer');
    if (data === undefined) return;
    if (this.channel.readyState !== 'open') return; // Closed meanwhile: dropped, as the page's own close would.
    const size = typeof data === 'string' ? utf8.encode(data).byteLength : (data as ArrayBuffer).byteLength;
    if (this.#submitted - this.#acked + size > MAX_BUFFERED_BYTES) {
      throw new BridgeError(
        'limit-exceeded',
        `data channel ${this.#ch} buffered more than ${MAX_BUFFERED_BYTES} bytes`,
      );
    }
    this.channel.send(data as string | ArrayBuffer);
    this.#submitted += size;
    this.#watch();
  }

  /** Asks for `bufferedamountlow` once another `ACK_STEP` bytes (or everything) have left the channel's buffer. */
  #watch(): void {
    this.channel.bufferedAmountLowThreshold = Math.max(0, this.channel.bufferedAmount - ACK_STEP);
  }

  #ack(): void {
    const taken = this.#submitted - this.channel.bufferedAmount;
    if (taken > this.#acked) {
      this.#acked = taken;
      this.#toPage({ t: 'ch.ack', ch: this.#ch, n: taken });
    }
    if (this.channel.bufferedAmount > 0) this.#watch();
  }

  #forward(data: string | ArrayBuffer | Blob): void {
    const text = typeof data === 'string';
    const bytes = text ? utf8.encode(data) : new Uint8Array(data as ArrayBuffer);
    for (let at = 0; ; at += CHUNK_BYTES) {
      const end = Math.min(at + CHUNK_BYTES, bytes.byteLength);
      const more = end < bytes.byteLength;
      this.#toPage({ t: 'ch.message', ch: this.#ch, d: bytes.subarray(at, end), text, more });
      if (!more) break;
    }
  }
}
