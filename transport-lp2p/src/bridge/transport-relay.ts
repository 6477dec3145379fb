import type { QuicTransportListenerSource, QuicTransportSource } from '../api/index.ts';
import { type AgentMessage, CHUNK_BYTES, type PageMessage, STREAM_WINDOW } from '../browser/index.ts';
import { BridgeError } from '../errors/index.ts';
import { ABNORMAL_CLOSE_CODE, type Session, type SessionStream } from '../platform/index.ts';
import { ReadGatherer } from './read-gatherer.ts';

type Source = QuicTransportSource & Partial<QuicTransportListenerSource>;

interface RelayedStream {
  stream?: SessionStream;
  writer?: WritableStreamDefaultWriter<Uint8Array>;
  reader?: ReadableStreamDefaultReader<Uint8Array>;
  /** Bytes sent to the page, and how many it said its reader took. */
  sent: number;
  credit: number;
  wake?: () => void;
  /** Page → agent writes, one after another, behind the stream's opening. */
  writing: Promise<void>;
  written: number;
  received: number;
  done: boolean;
}

/** Sessions and streams one page may hold at once. */
const MAX_SESSIONS = 16;
const MAX_STREAMS = 1024;

/**
 * The agent's side of a page's WebTransport sessions (`browser/bridge-session.ts`): opens or listens for q2q
 * sessions through the agent-side request, receiver or connection, and relays their streams (with the page's credit
 * window each way) and datagrams.
 */
export class TransportRelay {
  readonly #send: (message: AgentMessage) => void;
  readonly #nextId: () => number;
  readonly #sessions = new Map<number, { session?: Session; abort: AbortController }>();
  readonly #streams = new Map<number, RelayedStream>();

  constructor(send: (message: AgentMessage) => void, nextId: () => number) {
    this.#send = send;
    this.#nextId = nextId;
  }

  /** `wt.open` from the page: a session (`open`) or a listener (`listen`) from `source`. */
  open(wt: number, source: Source, how: string): void {
    if (this.#sessions.has(wt)) throw new BridgeError('unexpected-message', `session id ${wt} is not free`);
    if (this.#sessions.size >= MAX_SESSIONS)
      throw new BridgeError('limit-exceeded', 'too many WebTransport sessions');
    const abort = new AbortController();
    this.#sessions.set(wt, { abort });
    const failed = (error: unknown) => {
      this.#sessions.delete(wt);
      this.#send({
        t: 'wt.closed',
        wt,
        code: 0,
        reason: '',
        error: String((error as Error)?.message ?? error),
      });
    };
    if (how === 'listen' && source.listenQuicTransportSessions) {
      source
        .listenQuicTransportSessions({ signal: abort.signal })
        .then(async (sessions) => {
          this.#send({ t: 'wt.ready', wt, dg: -1 });
          for await (const session of sessions) {
            const nwt = this.#nextId();
            this.#adopt(nwt, session, new AbortController());
            this.#send({ t: 'wt.incoming', wt, nwt, dg: session.datagrams?.maxSize ?? -1 });
          }
        }, failed)
        // The sessions stream errors when the page stops listening or goes away (the abort): not a failure to
        // report, and never an unhandled rejection (it ended the agent's process when a listening page closed).
        .catch((error: unknown) => {
          if (!abort.signal.aborted) failed(error);
        });
      return;
    }
    source.openQuicTransportSession({ signal: abort.signal }).then((session) => {
      if (abort.signal.aborted) {
        void session.close(0, 'the page gave up');
        return;
      }
      this.#adopt(wt, session, abort);
      this.#send({ t: 'wt.ready', wt, dg: session.datagrams?.maxSize ?? -1 });
    }, failed);
  }

  /** The page's other transport messages. */
  handle(message: PageMessage): void {
    switch (message.t) {
      case 'wt.close': {
        const entry = this.#sessions.get(message.wt);
        entry?.abort.abort();
        void entry?.session?.close(message.code, message.reason);
        return;
      }
      case 'st.open': {
        const session = this.#sessions.get(message.wt)?.session;
        if (!session) throw new BridgeError('unexpected-message', `no session ${message.wt}`);
        const { st } = message;
        if (this.#streams.has(st)) throw new BridgeError('unexpected-message', `stream id ${st} is not free`);
        this.#limitStreams();
        // Registered now: the page's first bytes may arrive before the QUIC stream is open.
        const relayed = this.#entry();
        this.#streams.set(st, relayed);
        relayed.writing = session.openStream().then((stream) => this.#attach(st, relayed, stream));
        relayed.writing.catch(() => {
          if (!relayed.done) this.#send({ t: 'st.reset', st });
          this.#drop(st, relayed);
        });
        return;
      }
      case 'st.data':
        this.#fromPage(message.st, message.d, message.fin);
        return;
      case 'st.credit': {
        const relayed = this.#streams.get(message.st);
        if (!relayed) return;
        relayed.credit = Math.max(relayed.credit, message.n);
        relayed.wake?.();
        return;
      }
      case 'st.reset': {
        const relayed = this.#streams.get(message.st);
        if (!relayed) return;
        this.#drop(message.st, relayed);
        return;
      }
      case 'dg.send':
        this.#sessions.get(message.wt)?.session?.datagrams?.send(message.d, 64);
        return;
      default:
        throw new BridgeError('unexpected-message', `${message.t} is not a transport message`);
    }
  }

  /** The page went away. */
  closeAll(): void {
    for (const { session, abort } of this.#sessions.values()) {
      abort.abort();
      void session?.close(0, 'the page closed');
    }
  }

  #adopt(wt: number, session: Session, abort: AbortController): void {
    this.#sessions.set(wt, { session, abort });
    if (session.datagrams) {
      session.datagrams.ondatagram = (d) => {
        if (d.byteLength <= CHUNK_BYTES) this.#send({ t: 'dg', wt, d });
      };
    }
    void session.closed.then((info) => {
      this.#sessions.delete(wt);
      const error = info.code === ABNORMAL_CLOSE_CODE ? info.reason || 'the session was lost' : '';
      this.#send({ t: 'wt.closed', wt, code: Math.max(0, info.code), reason: info.reason, error });
    });
    void (async () => {
      for await (const stream of session.incomingStreams) {
        const st = this.#nextId();
        if (this.#streams.size >= MAX_STREAMS) {
          void stream.writable.abort().catch(() => {});
          continue;
        }
        this.#relay(st, stream);
        this.#send({ t: 'st.incoming', wt, st });
      }
    })().catch(() => {});
  }

  #limitStreams(): void {
    if (this.#streams.size >= MAX_STREAMS) throw new BridgeError('limit-exceeded', 'too many streams');
  }

  #entry(): RelayedStream {
    return { sent: 0, credit: 0, writing: Promise.resolve(), written: 0, received: 0, done: false };
  }

  #relay(st: number, stream: SessionStream): void {
    const relayed = this.#entry();
    this.#streams.set(st, relayed);
    this.#attach(st, relayed, stream);
  }

  #attach(st: number, relayed: RelayedStream, stream: SessionStream): void {
    relayed.stream = stream;
    relayed.writer = stream.writable.getWriter();
    if (relayed.done) {
      void relayed.writer.abort().catch(() => {});
      void stream.readable.cancel().catch(() => {});
      return;
    }
    void this.#toPage(st, relayed, stream);
  }

  /**
   * Reads the QUIC stream and sends it on, within the page's credit window. QUIC hands over a packet's worth at a
   * time; what arrives within one turn of the event loop goes to the page as one message (up to `CHUNK_BYTES`), not
   * as thousands of ~1 KB ones, each a WebSocket frame, a syscall and a page event.
   */
  async #toPage(st: number, relayed: RelayedStream, stream: SessionStream): Promise<void> {
    const reader = stream.readable.getReader();
    relayed.reader = reader;
    const gather = new ReadGatherer(reader);
    try {
      for (;;) {
        const value = await gather.next();
        if (value === undefined) break;
        for (let at = 0; at < value.byteLength; at += CHUNK_BYTES) {
          const part = value.subarray(at, Math.min(at + CHUNK_BYTES, value.byteLength));
          while (!relayed.done && relayed.sent - relayed.credit + part.byteLength > STREAM_WINDOW) {
            await new Promise<void>((resolve) => {
              relayed.wake = resolve;
            });
          }
          if (relayed.done) return;
          relayed.sent += part.byteLength;
          this.#send({ t: 'st.data', st, d: part, fin: false });
        }
      }
      this.#send({ t: 'st.data', st, d: new Uint8Array(0), fin: true });
    } catch {
      if (!relayed.done) this.#send({ t: 'st.reset', st });
    }
  }

  /** The page's bytes onto the QUIC stream, in order; credit goes back as each write is taken. */
  #fromPage(st: number, data: Uint8Array, fin: boolean): void {
    const relayed = this.#streams.get(st);
    if (!relayed || relayed.done) return;
    relayed.received += data.byteLength;
    // The page keeps to the window the agent's credits give it; one that does not is cut off.
    if (relayed.received - relayed.written > STREAM_WINDOW * 2) {
      throw new BridgeError('limit-exceeded', `stream ${st} sent past its window`);
    }
    relayed.writing = relayed.writing.then(async () => {
      const writer = relayed.writer as WritableStreamDefaultWriter<Uint8Array>;
      if (data.byteLength > 0) await writer.write(data);
      relayed.written += data.byteLength;
      if (data.byteLength > 0) this.#send({ t: 'st.credit', st, n: relayed.written });
      if (fin) await writer.close();
    });
    relayed.writing.catch(() => {
      if (!relayed.done) this.#send({ t: 'st.reset', st });
      this.#drop(st, relayed);
    });
  }

  #drop(st: number, relayed: RelayedStream): void {
    relayed.done = true;
    relayed.wake?.();
    this.#streams.delete(st);
    void relayed.writer?.abort().catch(() => {});
    void (relayed.reader ?? relayed.stream?.readable)?.cancel().catch(() => {});
  }
}
