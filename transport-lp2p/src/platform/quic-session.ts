import { errors, events, type QUICConnection, type QUICStream } from '@matrixai/quic';
import { SessionError } from '../errors/index.ts';
import { assertCloseCode, type CloseLatch, createCloseLatch } from './close-latch.ts';
import { countedReadable, countedStreams, countedWritable } from './counted-streams.ts';
import { createIncomingQueue } from './incoming-queue.ts';
import { QuicDatagrams } from './quic-datagrams.ts';
import { connectionInternals } from './quic-internals.ts';
import { quicRttMs } from './quic-path-rtt.ts';
import { quicStreamWritable } from './quic-stream-writable.ts';
import {
  ABNORMAL_CLOSE_CODE,
  type Session,
  type SessionCloseInfo,
  type SessionReceiveStream,
  type SessionSendStream,
  type SessionStats,
  type SessionStream,
} from './session.ts';
import { createSessionCounters } from './session-counters.ts';

const maxReasonBytes = 1024;
/** How long opening a stream waits for the peer to grant one (MAX_STREAMS) before it fails. */
const streamCreditWaitMs = 10_000;

/**
 * OSP session over one QUIC connection (osp-network §Transport). `openStream` opens a QUIC bidirectional
 * stream, `openUnidirectionalStream` a unidirectional one (what osp-network §Messages puts OSP messages on);
 * `close(code, reason)` sends CONNECTION_CLOSE with an application error code and reason phrase, which is
 * how OSP reports an unknown type key (§Messages delivery: code 404, the key in the reason).
 * A stream reaches the peer with its first byte or FIN, as in QUIC itself.
 */
export class QuicSession implements Session {
  readonly kind = 'quic';
  readonly isClient: boolean;
  readonly remoteCertificate: Uint8Array;
  readonly remoteAddress: { readonly address: string; readonly port: number };
  readonly datagrams: QuicDatagrams | undefined;
  readonly #connection: QUICConnection;
  readonly #stop: (code: number, reason: Uint8Array) => Promise<void>;
  readonly #latch: CloseLatch = createCloseLatch();
  readonly #incoming = createIncomingQueue<SessionStream>();
  readonly #incomingUni = createIncomingQueue<SessionReceiveStream>();
  readonly #counters = createSessionCounters();
  /** Stream writes still held back for FIN coalescing (quic-stream-writable.ts). */
  readonly #heldTails = new Set<() => void>();

  /**
   * `stop` ends the connection (and, for a client, its socket) with an application close; idempotent.
   * `datagrams` says whether the connection's config enabled RFC 9221 datagrams.
   */
  constructor(
    connection: QUICConnection,
    isClient: boolean,
    stop: (code: number, reason: Uint8Array) => Promise<void>,
    datagrams = false,
  ) {
    this.#connection = connection;
    this.#stop = stop;
    this.isClient = isClient;
    this.remoteCertificate = new Uint8Array(connection.getRemoteCertsChain()[0] ?? []);
    this.remoteAddress = { address: connection.remoteHost, port: connection.remotePort };
    this.datagrams = datagrams ? new QuicDatagrams(connection) : undefined;
    connection.addEventListener(events.EventQUICConnectionStream.name, (event: Event) => {
      const stream = (event as events.EventQUICConnectionStream).detail;
      this.#counters.streamsAccepted++;
      const pushed =
        stream.type === 'uni'
          ? this.#incomingUni.push({ id: stream.streamId, readable: this.#wrapReadable(stream) })
          : this.#incoming.push(this.#wrap(stream));
      if (!pushed) stream.cancel();
    });
    connection.addEventListener(events.EventQUICConnectionError.name, (event: Event) => {
      this.#onError((event as events.EventQUICConnectionError).detail);
    });
    connection.addEventListener(events.EventQUICConnectionStopped.name, () =>
      this.#closedUnderneath({ code: ABNORMAL_CLOSE_CODE, reason: 'connection stopped', local: false }),
    );
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
    const stream = await this.#newStream('bidi');
    this.#counters.streamsOpened++;
    return this.#wrap(stream);
  }

  /**
   * A new stream, waiting for credit while the peer's MAX_STREAMS is used up: the peer raises it as it
   * collects finished streams. The library has no event for that, and a `newStream` refused for want of
   * credit burns its stream id for good, so this asks quiche for the credit first and polls, for a bounded time.
   */
  async #newStream(type: 'bidi' | 'uni'): Promise<QUICStream> {
    const deadline = Date.now() + streamCreditWaitMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      if (this.#latch.info) throw new SessionError('closed', 'session is closed');
      if (peerStreamsLeft(this.#connection, type) > 0) {
        try {
          return this.#connection.newStream(type);
        } catch (cause) {
          throw new SessionError('closed', 'cannot open a QUIC stream', { cause });
        }
      }
      if (Date.now() >= deadline) {
        throw new SessionError('stream-limit', `the peer granted no ${type} stream in time`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  #wrapReadable(stream: QUICStream): ReadableStream<Uint8Array> {
    return countedReadable(stream.readable, (n) => {
      this.#counters.bytesReceived += n;
    });
  }

  async openUnidirectionalStream(): Promise<SessionSendStream> {
    const stream = await this.#newStream('uni');
    this.#counters.streamsOpened++;
    const writable = countedWritable(quicStreamWritable(stream, this.#heldTails), (n) => {
      this.#counters.bytesSent += n;
    });
    return { id: stream.streamId, writable };
  }

  async close(code = 0, reason = ''): Promise<void> {
    assertCloseCode(code);
    if (!this.#settle({ code, reason, local: true })) return;
    for (const flush of this.#heldTails) void flush();
    await this.#stop(code, new TextEncoder().encode(reason).subarray(0, maxReasonBytes)).catch(() => {});
  }

  stats(): SessionStats {
    const rttMs = quicRttMs(this.#connection);
    return rttMs === undefined ? { ...this.#counters } : { ...this.#counters, rttMs };
  }

  #wrap(stream: QUICStream): SessionStream {
    const counted = countedStreams(
      stream.readable,
      quicStreamWritable(stream, this.#heldTails),
      (n) => {
        this.#counters.bytesReceived += n;
      },
      (n) => {
        this.#counters.bytesSent += n;
      },
    );
    return { id: stream.streamId, ...counted };
  }

  #onError(error: unknown): void {
    // The library files a peer's application close whose code falls in 0x100-0x1ff (OSP's 404 does) under
    // ErrorQUICConnectionPeerTLS, so read `data.isApp` rather than trusting the class.
    if (
      error instanceof errors.ErrorQUICConnectionPeer ||
      error instanceof errors.ErrorQUICConnectionPeerTLS
    ) {
      const { isApp, errorCode, reason } = error.data;
      this.#closedUnderneath(
        isApp
          ? { code: errorCode, reason: new TextDecoder().decode(reason), local: false }
          : { code: ABNORMAL_CLOSE_CODE, reason: `QUIC transport error ${errorCode}`, local: false },
      );
    } else if (error instanceof errors.ErrorQUICConnectionIdleTimeout) {
      this.#closedUnderneath({ code: ABNORMAL_CLOSE_CODE, reason: 'idle timeout', local: true });
    } else {
      this.#closedUnderneath({ code: ABNORMAL_CLOSE_CODE, reason: String(error), local: true });
    }
  }

  #settle(info: SessionCloseInfo): boolean {
    if (!this.#latch.settle(info)) return false;
    this.#incoming.end();
    this.#incomingUni.end();
    this.datagrams?.close();
    return true;
  }

  /** Closed by the peer or the transport: release the connection (and a client's socket) too. */
  #closedUnderneath(info: SessionCloseInfo): void {
    if (this.#settle(info)) this.#stop(0, new Uint8Array()).catch(() => {});
  }
}

/** Streams of `type` the peer still lets us open (quiche's peer_streams_left_*, via quic-internals.ts). */
function peerStreamsLeft(connection: QUICConnection, type: 'bidi' | 'uni'): number {
  const { conn } = connectionInternals(connection);
  return type === 'uni' ? conn.peerStreamsLeftUni() : conn.peerStreamsLeftBidi();
}
