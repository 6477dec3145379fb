/**
 * Test helpers that play what a browser (or another local process) sends the bridge: raw WebSocket handshakes
 * with chosen `Host` and `Origin` headers, and a bridge-protocol client over `ws`.
 */
import { request } from 'node:http';
import { WebSocket } from 'ws';
import {
  type AgentMessage,
  decodeAgentMessage,
  encodeBridgeMessage,
  type PageMessage,
} from '../../browser/index.ts';

/** The HTTP status a WebSocket handshake to the bridge gets with these headers (101 when it upgrades). */
export function handshakeStatus(
  port: number,
  headers: Record<string, string>,
  path = '/lp2p',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A plain HTTP request to the bridge with chosen headers: status, headers and body. */
export function httpRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A bridge-protocol client with a chosen origin, as a page (or an impostor) would speak it. */
export class TestPageClient {
  readonly socket: WebSocket;
  readonly received: AgentMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #waiters = new Set<() => void>();

  static async open(port: number, origin: string): Promise<TestPageClient> {
    const client = new TestPageClient(new WebSocket(`ws://127.0.0.1:${port}/lp2p`, { origin }));
    await new Promise((resolve, reject) => {
      client.socket.once('open', resolve);
      client.socket.once('error', reject);
    });
    return client;
  }

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      this.received.push(decodeAgentMessage(new Uint8Array(data)));
      for (const waiter of [...this.#waiters]) waiter();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        for (const waiter of [...this.#waiters]) waiter();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  send(message: PageMessage): void {
    this.socket.send(encodeBridgeMessage(message));
  }

  /** The first received message of type `t` (waiting up to `ms` for it). */
  next<T extends AgentMessage['t']>(t: T, ms = 5000): Promise<Extract<AgentMessage, { t: T }>> {
    return new Promise((resolve, reject) => {
      const find = () => this.received.find((m) => m.t === t) as Extract<AgentMessage, { t: T }> | undefined;
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no ${t} in ${ms} ms; got ${this.received.map((m) => m.t).join(', ')}`));
      }, ms);
      const check = () => {
        const found = find();
        if (!found) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found);
      };
      this.#waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}
