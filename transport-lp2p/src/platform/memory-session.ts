import { SessionError } from '../errors/index.ts';
import { assertCloseCode, type CloseLatch, createCloseLatch } from './close-latch.ts';
import { createIncomingQueue, type IncomingQueue } from './incoming-queue.ts';
import { MemoryDatagrams } from './memory-datagrams.ts';
import { createMemoryPipe, type MemoryPipe } from './memory-pipe.ts';
import type { Session, SessionCloseInfo, SessionStats, SessionStream } from './session.ts';
import { createSessionCounters } from './session-counters.ts';

class MemorySession implements Session {
  readonly kind = 'memory';
  readonly isClient: boolean;
  readonly remoteCertificate: Uint8Array;
  readonly remoteAddress = undefined;
  readonly datagrams = new MemoryDatagrams();
  peer!: MemorySession;
  readonly #latch: CloseLatch = createCloseLatch();
  readonly #incoming: IncomingQueue<SessionStream> = createIncomingQueue();
  readonly #pipes = new Set<MemoryPipe>();
  readonly #counters = createSessionCounters();
  // QUIC numbering: bit 0 tells who opened the stream, so ids never collide across sides.
  #nextId: number;

  constructor(isClient: boolean, remoteCertificate: Uint8Array) {
    this.isClient = isClient;
    this.remoteCertificate = remoteCertificate;
    this.#nextId = isClient ? 0 : 1;
  }

  get incomingStreams(): ReadableStream<SessionStream> {
    return this.#incoming.readable;
  }

  get closed(): Promise<SessionCloseInfo> {
    return this.#latch.closed;
  }

  async openStream(): Promise<SessionStream> {
    if (this.#latch.info) throw new SessionError('closed', 'session is closed');
    const id = this.#nextId;
    this.#nextId += 4;
    const peer = this.peer;
    const out = this.#pipe((n) => {
      this.#counters.bytesSent += n;
      peer.#counters.bytesReceived += n;
    });
    const back = this.#pipe((n) => {
      peer.#counters.bytesSent += n;
      this.#counters.bytesReceived += n;
    });
    peer.#pipes.add(out).add(back);
    this.#counters.streamsOpened++;
    queueMicrotask(() => {
      if (peer.#latch.info) return;
      peer.#counters.streamsAccepted++;
      peer.#incoming.push({ id, readable: out.readable, writable: back.writable });
    });
    return { id, readable: back.readable, writable: out.writable };
  }

  async close(code = 0, reason = ''): Promise<void> {
    assertCloseCode(code);
    if (!this.#shutdown({ code, reason, local: true })) return;
    await Promise.resolve();
    this.peer.#shutdown({ code, reason, local: false });
  }

  stats(): SessionStats {
    return { ...this.#counters };
  }

  #pipe(onBytes: (n: number) => void): MemoryPipe {
    const pipe = createMemoryPipe(onBytes);
    this.#pipes.add(pipe);
    return pipe;
  }

  #shutdown(info: SessionCloseInfo): boolean {
    if (!this.#latch.settle(info)) return false;
    const error = new SessionError('closed', `session closed with code ${info.code}: ${info.reason}`);
    for (const pipe of this.#pipes) pipe.fail(error);
    this.#pipes.clear();
    this.#incoming.end();
    this.datagrams.close();
    return true;
  }
}

/**
 * Two connected in-memory sessions (client first) that deliver on microtasks, for unit tests of the layers
 * above. Semantics match the network sessions: streams both ways, close codes seen by the peer, and
 * datagrams as a QUIC session opened with `datagrams: true` has them.
 *
 * @example
 * const [client, server] = createMemorySessionPair();
 * const stream = await client.openStream();
 */
export function createMemorySessionPair(
  options: { clientCertificate?: Uint8Array; serverCertificate?: Uint8Array } = {},
): [Session, Session] {
  const client = new MemorySession(true, options.serverCertificate ?? new Uint8Array());
  const server = new MemorySession(false, options.clientCertificate ?? new Uint8Array());
  client.peer = server;
  server.peer = client;
  client.datagrams.peer = server.datagrams;
  server.datagrams.peer = client.datagrams;
  return [client, server];
}
