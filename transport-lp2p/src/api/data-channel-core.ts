import { DataChannelError } from '../errors/index.ts';
import { MessageDecodeError, type OspMessage, ResultCode } from '../protocol/index.ts';
import {
  type BinaryType,
  type DataChannelData,
  MAX_MESSAGE_SIZE,
  messageData,
  payloadSize,
} from './data-channel-payload.ts';
import { FrameSender } from './data-channel-sender.ts';
import { LP2PDataChannel } from './lp2p-data-channel.ts';
import { LP2PErrorEvent } from './lp2p-events.ts';
import { queueTask } from './queue-task.ts';

/**
 * The OSP message stream a channel runs on. The agent's ChannelStream is one; it is named here by shape so the
 * core stays portable (no agent, session or QUIC code behind a type import).
 */
export interface ChannelStream {
  send(message: OspMessage): Promise<void>;
  sendEncoded(frame: Uint8Array): Promise<void>;
  /** The next message, or `undefined` once the peer finished the stream. */
  next(): Promise<OspMessage | undefined>;
  finish(): Promise<void>;
  abort(reason?: unknown): void;
}

export type DataChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** What a channel needs from its connection. */
export interface DataChannelLink {
  /** The peer broke the framing of the channel's stream: close the whole connection (osp-network §messages). */
  closeConnection(error: MessageDecodeError): void;
  /** The channel reached `closed`: its id may be used again. */
  released(core: DataChannelCore): void;
}

export interface DataChannelSetup {
  readonly label: string;
  readonly protocol: string;
  readonly id: number;
}

/**
 * The state machine behind one `LP2PDataChannel`, on the stream that lp2p Appendix A gives each channel:
 * data-channel-open-request, data-channel-open-response, then data-frames both ways. Closing ends our side of
 * the stream once queued messages are written; the channel is closed when both sides have ended theirs.
 * Anything wrong the peer does fails this channel only, unless it breaks the stream's framing.
 */
export class DataChannelCore {
  readonly channel: LP2PDataChannel;
  readonly setup: DataChannelSetup;
  // WebRTC §6.2 initializes binaryType to "arraybuffer"; it also spares a Blob copy per binary message.
  binaryType: BinaryType = 'arraybuffer';
  bufferedAmountLowThreshold = 0;
  #state: DataChannelState = 'connecting';
  #stream: ChannelStream | undefined;
  #sender: FrameSender | undefined;
  /** Request id of our data-channel-open-request until the peer answers it. */
  #pendingRequest: number | undefined;
  #finished = false;
  #peerEnded = false;
  readonly #link: DataChannelLink;

  constructor(setup: DataChannelSetup, link: DataChannelLink) {
    this.setup = setup;
    this.#link = link;
    this.channel = new LP2PDataChannel(this);
  }

  get readyState(): DataChannelState {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.#sender?.bufferedAmount ?? 0;
  }

  /** Requester side: sends the encoded open `request` on a new stream; the peer's answer opens the channel. */
  async open(
    openStream: () => Promise<ChannelStream>,
    request: Uint8Array,
    requestId: number,
  ): Promise<void> {
    let stream: ChannelStream;
    try {
      stream = await openStream();
    } catch (cause) {
      this.fail(
        new DataChannelError('open-failed', `no stream for data channel ${this.setup.id}`, { cause }),
      );
      return;
    }
    if (this.#state !== 'connecting') {
      // Closed before the peer heard of it: there is nothing to tell the peer, so drop the stream.
      stream.abort();
      this.#setClosed();
      return;
    }
    this.#attach(stream);
    this.#pendingRequest = requestId;
    stream.sendEncoded(request).catch((error: unknown) => this.#streamFailed(error));
    await this.run();
  }

  /** Acceptor side: answers the peer's open request with success; the channel is open at once. */
  accept(stream: ChannelStream, requestId: number): void {
    this.#attach(stream);
    const response = { type: 'data-channel-open-response', requestId, result: ResultCode.Success } as const;
    stream.send(response).catch((error: unknown) => this.#streamFailed(error));
    this.#state = 'open';
  }

  /** Fires `open` after the `datachannel` event, as WebRTC §6.2 announces a channel the peer opened. */
  announceOpen(): void {
    if (this.#state === 'open') this.#fire(new Event('open'));
  }

  /** Reads the channel's stream until it ends or fails. Never rejects. */
  async run(): Promise<void> {
    const stream = this.#stream as ChannelStream;
    for (;;) {
      let message: OspMessage | undefined;
      try {
        message = await stream.next();
      } catch (error) {
        this.#readFailed(error);
        return;
      }
      if (this.#state === 'closed') return;
      if (message === undefined) {
        // Over TCP a session torn down by the peer can end its streams as if finished; waiting a turn lets
        // the connection report the loss first, as for a failed stream.
        queueTask(() => this.#peerFinished());
        return;
      }
      const problem = this.#receive(message);
      if (problem) {
        this.fail(problem);
        return;
      }
    }
  }

  send(data: DataChannelData): void {
    if (this.#state !== 'open') {
      throw new DOMException(`data channel ${this.setup.id} is ${this.#state}`, 'InvalidStateError');
    }
    const size = payloadSize(data);
    if (size > MAX_MESSAGE_SIZE) {
      throw new TypeError(`message of ${size} bytes exceeds the maximum of ${MAX_MESSAGE_SIZE}`);
    }
    (this.#sender as FrameSender).send(data, size);
  }

  /** WebRTC §6.2 close(): no event now; `close` fires once both sides have ended the stream. */
  close(): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#state = 'closing';
    // Still waiting for a stream: `open` sees the state and drops it.
    if (this.#stream) void this.#shutdown();
  }

  /** Closes with an `error` event first; aborts the stream both ways. */
  fail(error: Error): void {
    if (this.#state === 'closed') return;
    this.#stream?.abort(error);
    this.#setClosed(error);
  }

  /** Closes without an error, e.g. when the application closed the connection. */
  closeQuietly(): void {
    if (this.#state === 'closed') return;
    this.#stream?.abort();
    this.#setClosed();
  }

  #attach(stream: ChannelStream): void {
    this.#stream = stream;
    this.#sender = new FrameSender((frame) => stream.sendEncoded(frame), {
      lowered: () => this.#fire(new Event('bufferedamountlow')),
      failed: (error) => this.#streamFailed(error),
      threshold: () => this.bufferedAmountLowThreshold,
    });
  }

  #receive(message: OspMessage): DataChannelError | undefined {
    if (message.type === 'data-frame' && this.#pendingRequest === undefined) {
      // WebRTC §6.2: a message that arrives while the channel is not open is discarded.
      if (this.#state !== 'open') return undefined;
      this.#fire(new MessageEvent('message', { data: messageData(message, this.binaryType) }));
      return undefined;
    }
    if (message.type === 'data-channel-open-response' && message.requestId === this.#pendingRequest) {
      this.#pendingRequest = undefined;
      const { result } = message;
      if (result !== ResultCode.Success) {
        const text = `the peer refused data channel ${this.setup.id} (result ${result})`;
        return new DataChannelError('open-rejected', text, { result });
      }
      if (this.#state === 'connecting') {
        this.#state = 'open';
        this.#fire(new Event('open'));
      }
      return undefined;
    }
    const when = this.#pendingRequest === undefined ? '' : ' before its open response';
    return new DataChannelError(
      'unexpected-message',
      `${message.type} on data channel ${this.setup.id}${when}`,
    );
  }

  #peerFinished(): void {
    if (this.#state === 'closed') return;
    this.#peerEnded = true;
    if (this.#pendingRequest !== undefined && this.#state === 'connecting') {
      this.fail(
        new DataChannelError('open-failed', `the peer ended data channel ${this.setup.id} unanswered`),
      );
      return;
    }
    if (this.#state === 'open') {
      this.#state = 'closing';
      this.#fire(new Event('closing'));
      void this.#shutdown();
      return;
    }
    this.#closeIfBothEnded();
  }

  /** Ends our side once everything queued is written (WebRTC §6.2: pending messages are still sent). */
  async #shutdown(): Promise<void> {
    await this.#sender?.flush();
    await this.#stream?.finish();
    this.#finished = true;
    this.#closeIfBothEnded();
  }

  #closeIfBothEnded(): void {
    if (this.#finished && this.#peerEnded) this.#setClosed();
  }

  #readFailed(error: unknown): void {
    if (this.#state === 'closed') return;
    if (!(error instanceof MessageDecodeError)) {
      this.#streamFailed(error);
      return;
    }
    if (error.code === 'invalid-message') {
      // The frame was whole, so the stream was still in step: only this channel is affected.
      this.fail(new DataChannelError('invalid-message', error.message, { cause: error }));
      return;
    }
    this.fail(new DataChannelError('malformed-frame', error.message, { cause: error }));
    this.#link.closeConnection(error);
  }

  #streamFailed(error: unknown): void {
    if (this.#state === 'closed') return;
    // A session that drops fails its streams just before it reports closing; waiting a turn lets the
    // connection's "connection-lost" win, so the error says why rather than how.
    const reset = new DataChannelError('stream-reset', `data channel ${this.setup.id} stream failed`, {
      cause: error,
    });
    queueTask(() => this.fail(reset));
  }

  #setClosed(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#link.released(this);
    if (error) this.#fire(new LP2PErrorEvent('error', { error }));
    this.#fire(new Event('close'));
  }

  #fire(event: Event): void {
    this.channel.dispatchEvent(event);
  }
}
