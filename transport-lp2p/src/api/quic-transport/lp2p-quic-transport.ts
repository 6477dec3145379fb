import { QuicTransportError } from '../../errors/index.ts';
import {
  ABNORMAL_CLOSE_CODE,
  createIncomingQueue,
  type Session,
  type SessionCloseInfo,
} from '../../platform/index.ts';
import { normaliseCloseInfo, type QuicTransportCloseInfo } from './close-info.ts';
import { createDatagramDuplex, type QuicDatagramDuplexStream } from './datagram-duplex.ts';
import { routeIncomingStreams } from './incoming-streams.ts';
import { isQuicTransportSource, type QuicTransportSource } from './quic-transport-source.ts';
import { drainReturnHalf, openKindedStream } from './stream-kind.ts';
import { TransportLifecycle } from './transport-lifecycle.ts';
import { type QuicTransportStats, statsOf } from './transport-stats.ts';

/** WebTransportBidirectionalStream: both directions of one stream. */
export interface QuicBidirectionalStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

/** LP2PQuicTransportInit (lp2p-draft-index §LP2PQuicTransport), drawn from WebTransportOptions as the draft asks. */
export interface LP2PQuicTransportInit {
  /**
   * WebTransportOptions.requireUnreliable: `ready` rejects unless the session carries unreliable datagrams
   * (q2q sessions over QUIC always do).
   */
  readonly requireUnreliable?: boolean;
}

/** WebTransport's `reliability` attribute: "pending" until the session is established. */
export type QuicTransportReliability = 'pending' | 'reliable-only' | 'supports-unreliable';

/**
 * A WebTransport session between local peers over its own QUIC connection with ALPN "q2q"
 * (lp2p-draft-index §LP2PQuicTransport, §open a WebTransport session), with the W3C WebTransport API.
 * Both kinds of WebTransport stream ride the session's bidirectional streams, told apart by a first byte
 * (`stream-kind.ts`); datagrams are QUIC DATAGRAM frames (RFC 9221, `datagram-duplex.ts`), hence
 * `reliability` "supports-unreliable".
 *
 * `ready` and `closed` settle as WebTransport's do (`transport-lifecycle.ts`); leaving them unobserved
 * never raises an unhandled rejection.
 *
 * @example
 * const transport = new LP2PQuicTransport(request);
 * await transport.ready;
 * const { readable, writable } = await transport.createBidirectionalStream();
 */
export class LP2PQuicTransport {
  readonly #lifecycle = new TransportLifecycle();
  readonly #abort = new AbortController();
  readonly #bidirectional = createIncomingQueue<QuicBidirectionalStream>();
  readonly #unidirectional = createIncomingQueue<ReadableStream<Uint8Array>>();
  readonly #datagrams = createDatagramDuplex();
  readonly #requireUnreliable: boolean;
  #session: Session | undefined;
  #lateCloseInfo: QuicTransportCloseInfo = { closeCode: 0, reason: '' };

  /** `source` is an LP2PRequest, LP2PReceiver or LP2PConnection, or (in tests) a session being set up. */
  constructor(source: QuicTransportSource | Promise<Session>, init: LP2PQuicTransportInit = {}) {
    this.#requireUnreliable = init.requireUnreliable ?? false;
    const signal = this.#abort.signal;
    const session = isQuicTransportSource(source)
      ? Promise.resolve().then(() => source.openQuicTransportSession({ signal }))
      : source;
    session.then(
      (s) => this.#attach(s),
      (cause: unknown) =>
        this.#fail(new QuicTransportError('connection-failed', 'could not open the q2q session', { cause })),
    );
  }

  /** Resolves when the session is established; rejects if it cannot be, or `close()` came first. */
  get ready(): Promise<void> {
    return this.#lifecycle.ready;
  }

  /** Resolves with the close info of a graceful close by either side; rejects on an abrupt end. */
  get closed(): Promise<QuicTransportCloseInfo> {
    return this.#lifecycle.closed;
  }

  /** "pending" until `ready`; then whether the session carries unreliable datagrams. */
  get reliability(): QuicTransportReliability {
    if (this.#session === undefined) return 'pending';
    return this.#session.datagrams ? 'supports-unreliable' : 'reliable-only';
  }

  get datagrams(): QuicDatagramDuplexStream {
    return this.#datagrams.duplex;
  }

  /** Bidirectional streams the peer opens, in order of arrival; ends when the transport closes. */
  get incomingBidirectionalStreams(): ReadableStream<QuicBidirectionalStream> {
    return this.#bidirectional.readable;
  }

  /** Unidirectional streams the peer opens, as their readable halves; ends when the transport closes. */
  get incomingUnidirectionalStreams(): ReadableStream<ReadableStream<Uint8Array>> {
    return this.#unidirectional.readable;
  }

  /**
   * Opens a stream both ways; waits for `ready`. A written chunk must stay unchanged until its write resolves;
   * then it may be reused.
   */
  async createBidirectionalStream(): Promise<QuicBidirectionalStream> {
    const { readable, writable } = await this.#open('bidirectional');
    return { readable, writable };
  }

  /** Opens a stream to the peer only; waits for `ready`. */
  async createUnidirectionalStream(): Promise<WritableStream<Uint8Array>> {
    const stream = await this.#open('unidirectional');
    drainReturnHalf(stream.readable);
    return stream.writable;
  }

  /**
   * Ends the session; the peer's `closed` resolves with this code and reason. Before `ready`, it gives up
   * the connection attempt instead, and `ready` and `closed` reject with an 'aborted' error.
   */
  close(info: Partial<QuicTransportCloseInfo> = {}): void {
    const closeInfo = normaliseCloseInfo(info);
    const state = this.#lifecycle.state;
    if (state === 'connecting') {
      this.#lateCloseInfo = closeInfo;
      this.#abort.abort();
      this.#fail(new QuicTransportError('aborted', 'closed before the q2q session was established'));
    } else if (state === 'connected') {
      this.#finish(closeInfo);
      void this.#session?.close(closeInfo.closeCode, closeInfo.reason);
    }
  }

  /** WebTransportStats, from the session's counters and the datagram queues. */
  async getStats(): Promise<QuicTransportStats> {
    return statsOf(this.#session?.stats(), this.#datagrams.counts());
  }

  async #open(kind: 'bidirectional' | 'unidirectional') {
    await this.ready.catch((cause: unknown) => {
      throw new QuicTransportError('invalid-state', 'the transport failed', { cause });
    });
    const session = this.#session;
    if (this.#lifecycle.state !== 'connected' || session === undefined) {
      throw new QuicTransportError('invalid-state', 'the transport is closed');
    }
    return openKindedStream(session, kind).catch((cause: unknown) => {
      throw new QuicTransportError('invalid-state', 'cannot open a stream', { cause });
    });
  }

  #attach(session: Session): void {
    if (this.#requireUnreliable && session.datagrams === undefined) {
      void session.close(0, 'unreliable datagrams required');
      this.#fail(new QuicTransportError('unsupported', 'the session carries no unreliable datagrams'));
      return;
    }
    if (!this.#lifecycle.connect()) {
      void session.close(this.#lateCloseInfo.closeCode, this.#lateCloseInfo.reason);
      return;
    }
    this.#session = session;
    if (session.datagrams) this.#datagrams.attach(session.datagrams);
    void session.closed.then((info) => this.#onSessionClosed(info));
    void routeIncomingStreams(session, {
      bidirectional: this.#bidirectional,
      unidirectional: this.#unidirectional,
    });
  }

  #onSessionClosed(info: SessionCloseInfo): void {
    if (info.code === ABNORMAL_CLOSE_CODE) {
      this.#fail(new QuicTransportError('session-lost', `the q2q session ended: ${info.reason}`));
    } else {
      this.#finish({ closeCode: info.code, reason: info.reason });
    }
  }

  #finish(info: QuicTransportCloseInfo): void {
    if (this.#lifecycle.finish(info)) this.#teardown();
  }

  #fail(error: QuicTransportError): void {
    if (this.#lifecycle.fail(error)) this.#teardown(error);
  }

  #teardown(error?: QuicTransportError): void {
    this.#bidirectional.end();
    this.#unidirectional.end();
    this.#datagrams.close(error);
  }
}
