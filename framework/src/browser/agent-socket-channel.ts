import type { ChannelEvent, SyncChannel } from '@offgrid/sync';

type Listener = (event: ChannelEvent) => void;

/**
 * The page's sync socket to its agent as a {@link SyncChannel}: binary frames are the Hocuspocus wire and go to
 * the sync link; text frames are the agent's own messages (`offgrid/agent-status`) and go to `onText` only.
 */
export class AgentSocketChannel implements SyncChannel {
  readonly #socket: WebSocket;
  readonly #wrapped = new Map<Listener, Listener>();

  constructor(socket: WebSocket, onText: (text: string) => void) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') onText(event.data);
    });
  }

  get readyState(): number {
    return this.#socket.readyState;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  get binaryType(): string {
    return this.#socket.binaryType;
  }

  set binaryType(type: string) {
    this.#socket.binaryType = type as 'arraybuffer' | 'blob';
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    this.#socket.send(data);
  }

  close(): void {
    this.#socket.close();
  }

  addEventListener(type: string, listener: Listener): void {
    if (type !== 'message') {
      this.#socket.addEventListener(type, listener);
      return;
    }
    const wrapped: Listener = (event) => {
      if (typeof (event as MessageEvent).data !== 'string') listener(event);
    };
    this.#wrapped.set(listener, wrapped);
    this.#socket.addEventListener(type, wrapped);
  }

  removeEventListener(type: string, listener: Listener): void {
    const wrapped = type === 'message' ? this.#wrapped.get(listener) : listener;
    if (wrapped === undefined) return;
    this.#wrapped.delete(listener);
    this.#socket.removeEventListener(type, wrapped);
  }
}
