import type { SyncChannel } from './channel.ts';

type State = 'connecting' | 'open' | 'closing' | 'closed';

/**
 * One end of an in-memory channel pair: an `RTCDataChannel`-shaped {@link SyncChannel} that delivers each message
 * to its twin on a microtask, in order, as an `ArrayBuffer` snapshot of what was sent. For unit tests and for
 * joining two replicas in one process.
 */
export class MemoryChannel extends EventTarget implements SyncChannel {
  #state: State = 'open';
  #buffered = 0;
  #twin: MemoryChannel | undefined;
  bufferedAmountLowThreshold = 0;
  binaryType = 'arraybuffer';
  /** A label for debugging (`a→b`). */
  readonly label: string;

  constructor(label: string) {
    super();
    this.label = label;
  }

  get readyState(): State {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  send(data: Uint8Array<ArrayBuffer> | ArrayBuffer): void {
    if (this.#state !== 'open') throw new DOMException(`channel is ${this.#state}`, 'InvalidStateError');
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const copy = bytes.slice().buffer;
    this.#buffered += copy.byteLength;
    queueMicrotask(() => {
      const before = this.#buffered;
      this.#buffered -= copy.byteLength;
      const twin = this.#twin;
      if (twin && twin.#state === 'open') twin.dispatchEvent(new MessageEvent('message', { data: copy }));
      const low = this.bufferedAmountLowThreshold;
      if (before > low && this.#buffered <= low && this.#state === 'open') {
        this.dispatchEvent(new Event('bufferedamountlow'));
      }
    });
  }

  /** Closes both ends: each goes `closing`, then `closed` with a `close` event, after messages already sent. */
  close(): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#state = 'closing';
    const twin = this.#twin;
    if (twin && twin.#state === 'open') twin.#state = 'closing';
    queueMicrotask(() => {
      this.#finish();
      if (twin) twin.#finish();
    });
  }

  #finish(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.dispatchEvent(new Event('close'));
  }

  static pair(labelA = 'a', labelB = 'b'): [MemoryChannel, MemoryChannel] {
    const a = new MemoryChannel(`${labelA}→${labelB}`);
    const b = new MemoryChannel(`${labelB}→${labelA}`);
    a.#twin = b;
    b.#twin = a;
    return [a, b];
  }
}

/** Two connected {@link MemoryChannel}s, both already open. */
export function createMemoryChannelPair(labelA?: string, labelB?: string): [MemoryChannel, MemoryChannel] {
  return MemoryChannel.pair(labelA, labelB);
}
