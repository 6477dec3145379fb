import type { SyncChannel } from '../channel.ts';

/**
 * One end of an in-memory pair whose messages wait in a queue until the test releases them, one at a time and
 * in order: for replaying a trace with exactly the causality it recorded.
 */
export class GatedChannel extends EventTarget implements SyncChannel {
  readonly readyState = 'open';
  readonly bufferedAmount = 0;
  binaryType = 'arraybuffer';
  /** Sent by this end, not yet delivered to the twin. */
  readonly queue: ArrayBuffer[] = [];
  /** Messages sent and delivered so far. */
  sent = 0;
  delivered = 0;
  #twin: GatedChannel | undefined;

  send(data: Uint8Array<ArrayBuffer>): void {
    this.queue.push(data.slice().buffer);
    this.sent++;
  }

  close(): void {}

  /** Delivers the oldest queued message to the twin; false when the queue is empty. */
  releaseOne(): boolean {
    const data = this.queue.shift();
    if (data === undefined) return false;
    this.delivered++;
    this.#twin?.dispatchEvent(new MessageEvent('message', { data }));
    return true;
  }

  static pair(): [GatedChannel, GatedChannel] {
    const a = new GatedChannel();
    const b = new GatedChannel();
    a.#twin = b;
    b.#twin = a;
    return [a, b];
  }
}
