import { SessionError } from '../errors/index.ts';
import { assertCloseCode, type CloseLatch, createCloseLatch } from './close-latch.ts';
import { createIncomingQueue, type IncomingQueue } from './incoming-queue.ts';
import { MemoryDatagrams } from './memory-datagrams.ts';
import { createMemoryPipe, type MemoryPipe } from './memory-pipe.ts';
import type {
  Session,
  SessionCloseInfo,
  SessionReceiveStream,
  SessionSendStream,
  SessionStats,
  SessionStream,
} from './session.ts';
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
  readonly #incomingUni: IncomingQueue<SessionReceiveStream> = createIncomingQueue();
  readonly #pipes = new Set<MemoryPipe>();
  readonly #counters = createSessionCounters();
  // QUIC numbering (RFC 9000 §2.1): bit 0 tells who opened the stream, bit 1 whether it is unidirectional.
  #nextBidi: number;
  #nextUni: number;

  constructor(isClient: boolean, remoteCertificate: Uint8Array) {
    this.isClient = isClient;
    this.remoteCertificate = remoteCertificate;
    this.#nextBidi = isClient ? 0 : 1;
    this.#nextUni = isClient ? 2 : 3;
  }

  get incomingStreams(): ReadableStream<SessionStream> {
    return this.#incoming.readable;
  }

  get incomingUnidirectionalStreams(): ReadableStream<SessionReceiveStream> {
    return this.#incomingUni.readable;
  }

  get closed(): Promise<SessionCloseInfo> {
    return this.#latch.closed;
  }

  async openStream(): Promise<SessionStream> {
    const { id, out } = this.#open(this.#nextBidi);
    this.#nextBidi += 4;
    const peer = this.peer;
    const back = this.#pipe((n) => {
      peer.#counters.bytesSent += n;
      this.#counters.bytesReceived += n;
    });
    peer.#pipes.add(back);
    queueMicrotask(() => {
      if (peer.#latch.info) return;
      peer.#counters.streamsAccepted++;
      peer.#incoming.push({ id, readable: out.readable, writable: back.writable });
    });
    return { id, readable: back.readable, writable: out.writable };
  }

  async openUnidirectionalStream(): Promise<SessionSendStream> {
    const { id, out } = this.#open(this.#nextUni);
    this.#nextUni += 4;
    const peer = this.peer;
    queueMicrotask(() => {
      if (peer.#latch.info) return;
      peer.#counters.streamsAccepted++;
      peer.#incomingUni.push({ id, readable: out.readable });
    });
    return { id, writable: out.writable };
  }

  /** A new stream's outgoing pipe, known to both sides so either closing fails it. */
  #open(id: number): { id: number; out: MemoryPipe } {
    if (this.#latch.info) throw new SessionError('closed', 'session is closed');
    const peer = this.peer;
    const out = this.#pipe((n) => {
      this.#counters.bytesSent += n;
      peer.#counters.bytesReceived += n;
    });
    peer.#pipes.add(out);
    this.#counters.streamsOpened++;
    return { id, out };
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
    this.#incomingUni.end();
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
