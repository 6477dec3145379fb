import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { decodeMessage } from '../../protocol/decode-message.ts';

/**
 * One direction of a proxied WebSocket: frames pass in order, or wait here in order while held (a slow or
 * stalled path, never a reordering one: TCP does not reorder). `seen` lists the kinds of the frames that arrived.
 */
export class ProxyDirection {
  readonly seen: string[] = [];
  readonly #to: WebSocket;
  readonly #waiting: Buffer[] = [];
  #held: boolean;

  constructor(to: WebSocket, held: boolean) {
    this.#to = to;
    this.#held = held;
    to.on('open', () => this.#drain());
  }

  hold(): void {
    this.#held = true;
  }

  release(): void {
    this.#held = false;
    this.#drain();
  }

  /** @internal */
  push(frame: Buffer): void {
    this.seen.push(kindOf(frame));
    this.#waiting.push(frame);
    this.#drain();
  }

  #drain(): void {
    while (!this.#held && this.#to.readyState === WebSocket.OPEN && this.#waiting.length > 0)
      this.#to.send(this.#waiting.shift() as Buffer);
  }
}

export interface ProxiedConnection {
  /** Client to server. */
  readonly up: ProxyDirection;
  /** Server to client. */
  readonly down: ProxyDirection;
}

/** A WebSocket proxy on loopback in front of `target`, whose connections' directions tests hold and release. */
export interface HoldingProxy {
  readonly url: string;
  readonly connections: ProxiedConnection[];
  /** Whether new connections start with a direction held. */
  holdNew: { up: boolean; down: boolean };
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const sockets = new Set<WebSocket>();
  const proxy: HoldingProxy = {
    url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
    connections: [],
    holdNew: { up: false, down: false },
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (client) => {
    const upstream = new WebSocket(target);
    const connection = {
      up: new ProxyDirection(upstream, proxy.holdNew.up),
      down: new ProxyDirection(client, proxy.holdNew.down),
    };
    proxy.connections.push(connection);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.terminate();
        upstream.terminate();
      });
    }
    client.on('message', (data: RawData) => connection.up.push(data as Buffer));
    upstream.on('message', (data: RawData) => connection.down.push(data as Buffer));
  });
  return proxy;
}

function kindOf(frame: Buffer): string {
  try {
    return decodeMessage(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)).kind;
  } catch {
    return 'undecodable';
  }
}
