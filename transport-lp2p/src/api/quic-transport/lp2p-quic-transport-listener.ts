import { QuicTransportError } from '../../errors/index.ts';
import type { Session, SessionListener } from '../../platform/index.ts';
import { LP2PQuicTransport } from './lp2p-quic-transport.ts';
import { isQuicTransportListenerSource, type QuicTransportListenerSource } from './quic-transport-source.ts';

const ignore = () => {};

/**
 * Incoming WebTransport sessions from local peers (lp2p-draft-index §LP2PQuicTransportListener). Each
 * q2q session the source admits becomes an `LP2PQuicTransport`, handed out when read: sessions not yet read
 * wait in the source's queue. The draft defines no members for LP2PQuicTransportListenerInit, so there is
 * no init argument yet.
 *
 * @example
 * const listener = new LP2PQuicTransportListener(receiver);
 * for await (const transport of listener.incomingTransports) {
 *   await transport.ready;
 * }
 */
export class LP2PQuicTransportListener {
  /** Resolves once listening; rejects if the source cannot listen or `close()` came first. */
  readonly ready: Promise<void>;
  readonly incomingTransports: ReadableStream<LP2PQuicTransport>;
  readonly #abort = new AbortController();
  readonly #sessions: Promise<ReadableStreamDefaultReader<Session>>;
  readonly #owned: Promise<SessionListener> | undefined;
  #closed = false;

  /**
   * `source` is an LP2PRequest or LP2PReceiver; or (in tests) a q2q `SessionListener` being set up, which
   * this listener then owns: `close()` closes it and, with it, the sessions it accepted.
   */
  constructor(source: QuicTransportListenerSource | Promise<SessionListener>) {
    const signal = this.#abort.signal;
    let sessions: Promise<ReadableStream<Session>>;
    if (isQuicTransportListenerSource(source)) {
      sessions = Promise.resolve().then(() => source.listenQuicTransportSessions({ signal }));
    } else {
      this.#owned = source;
      sessions = source.then((listener) => listener.incomingSessions);
    }
    this.#sessions = sessions.then(
      (stream) => stream.getReader(),
      (cause: unknown) => {
        throw signal.aborted
          ? new QuicTransportError('aborted', 'closed before listening started', { cause })
          : new QuicTransportError('connection-failed', 'could not listen for q2q sessions', { cause });
      },
    );
    this.ready = this.#sessions.then(ignore);
    this.ready.catch(ignore);
    this.incomingTransports = new ReadableStream<LP2PQuicTransport>(
      {
        pull: async (controller) => {
          const reader = await this.#sessions;
          const { done, value } = this.#closed ? { done: true as const } : await reader.read();
          if (done) controller.close();
          else controller.enqueue(new LP2PQuicTransport(Promise.resolve(value)));
        },
        cancel: () => this.close(),
      },
      { highWaterMark: 0 },
    );
  }

  /** Stops listening. Transports already handed out stay open, unless this listener owns their sessions. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    const reader = await this.#sessions.catch(() => undefined);
    await reader?.cancel().catch(ignore);
    const owned = await this.#owned?.catch(() => undefined);
    await owned?.close();
  }
}
