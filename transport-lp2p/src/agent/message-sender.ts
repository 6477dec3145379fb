import type { OspMessage } from '../protocol/index.ts';
import { encodeMessage } from '../protocol/index.ts';

/**
 * The sending half of an ordered group of OSP messages (osp-network §Messages): on its own, a unidirectional
 * stream this agent opened; with a `MessageReceiver`, one direction of a bidirectional stream.
 */
export class MessageSender {
  readonly id: number;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;

  constructor(id: number, writable: WritableStream<Uint8Array>) {
    this.id = id;
    this.#writer = writable.getWriter();
  }

  /** Queues one message; resolves when the transport accepted it (backpressure). */
  send(message: OspMessage): Promise<void> {
    return this.#writer.write(encodeMessage(message));
  }

  /** Writes already-encoded bytes (a frame from `encodeMessage`), for callers that encode off the hot path. */
  sendEncoded(frame: Uint8Array): Promise<void> {
    return this.#writer.write(frame);
  }

  /** Bytes accepted by `send` but not yet taken by the transport. */
  get desiredSize(): number | null {
    return this.#writer.desiredSize;
  }

  /** Ends the group; the peer's reader then sees the end of the stream. */
  async finish(): Promise<void> {
    await this.#writer.close().catch(() => {});
  }

  abort(reason?: unknown): void {
    this.#writer.abort(reason).catch(() => {});
  }
}
