/**
 * Keeps a WebSocket to the server: connects, hands each new socket over, and reconnects after it closes with
 * backoff (1 s doubling to 30 s, reset once a socket opened).
 */
export class ServerConnection {
  readonly #url: string;
  readonly #onSocket: (socket: WebSocket) => void;
  #delayMs = 1000;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #socket: WebSocket | null = null;
  #closed = false;

  constructor(server: { url: string }, onSocket: (socket: WebSocket) => void) {
    this.#url = server.url;
    this.#onSocket = onSocket;
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#socket?.close();
  }

  #connect(): void {
    this.#timer = null;
    if (this.#closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url);
    } catch {
      this.#retry();
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#delayMs = 1000;
    });
    socket.addEventListener('close', () => this.#retry());
    this.#onSocket(socket);
  }

  #retry(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => this.#connect(), this.#delayMs);
    this.#delayMs = Math.min(30_000, this.#delayMs * 2);
  }
}
