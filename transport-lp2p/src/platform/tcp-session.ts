import { once } from 'node:events';
import {
  type ClientHttp2Session,
  constants,
  type Http2Stream,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { SessionError } from '../errors/index.ts';
import { assertCloseCode, type CloseLatch, createCloseLatch } from './close-latch.ts';
import { http2StreamToWeb } from './duplex-to-web.ts';
import { decodeGoawayReason, encodeGoawayReason } from './goaway-close.ts';
import { Http2KeepAlive } from './http2-keep-alive.ts';
import { requestStream, streamKind, uniResponseHeader } from './http2-stream-kind.ts';
import { createIncomingQueue } from './incoming-queue.ts';
import { ReverseStreamPool } from './reverse-stream-pool.ts';
import {
  ABNORMAL_CLOSE_CODE,
  type KeepAliveOptions,
  type Session,
  type SessionCloseInfo,
  type SessionReceiveStream,
  type SessionSendStream,
  type SessionStats,
  type SessionStream,
} from './session.ts';
import { createSessionCounters } from './session-counters.ts';

/**
 * OSP session over TLS 1.3 + HTTP/2 (the TCP extension for bulk data).
 *
 * Both sides must open streams, but in HTTP/2 only the client can. So every stream is client-initiated and
 * tagged by a request header:
 * - `osp-stream: forward`: the client opened it; the server answers 200 at once and surfaces it.
 * - `osp-stream: reverse`: the client keeps `reversePoolSize` of these open and idle. The server's
 *   `openStream()` claims one by sending its 200 response headers, so it costs no round trip; the response
 *   headers tell the client to surface it, and the client opens a replacement. If the pool runs dry the
 *   server waits one round trip for the replacement.
 * Idle reverse streams send no data and are bounded (`reversePoolLimit`) on the server.
 *
 * HTTP/2 streams are bidirectional; a unidirectional stream (osp-network §Messages) is one whose return half
 * the receiver closes at once, as the q2q mapping does: the client opens `osp-stream: forward-uni` and the
 * server answers with END_STREAM on its response headers; the server claims a reverse stream and marks its
 * response headers `osp-uni`, and the client ends its half on reading them.
 */
const reversePoolSize = 8;
const reversePoolLimit = 64;
const closeGraceMs = 1000;

export interface TcpSessionInit extends KeepAliveOptions {
  readonly h2: ClientHttp2Session | ServerHttp2Session;
  readonly socket: TLSSocket;
  readonly isClient: boolean;
  readonly remoteCertificate: Uint8Array;
}

export class TcpSession implements Session {
  readonly kind = 'tcp';
  readonly isClient: boolean;
  readonly remoteCertificate: Uint8Array;
  readonly remoteAddress: { readonly address: string; readonly port: number } | undefined;
  readonly #h2: ClientHttp2Session | ServerHttp2Session;
  readonly #socket: TLSSocket;
  readonly #latch: CloseLatch = createCloseLatch();
  readonly #incoming = createIncomingQueue<SessionStream>();
  readonly #incomingUni = createIncomingQueue<SessionReceiveStream>();
  readonly #pool = new ReverseStreamPool(reversePoolLimit);
  readonly #live = new Set<Http2Stream>();
  readonly #counters = createSessionCounters();
  readonly #keepAlive: Http2KeepAlive;

  constructor(init: TcpSessionInit) {
    this.isClient = init.isClient;
    this.remoteCertificate = init.remoteCertificate;
    this.#h2 = init.h2;
    this.#socket = init.socket;
    const { remoteAddress, remotePort } = init.socket;
    this.remoteAddress =
      remoteAddress && remotePort ? { address: remoteAddress, port: remotePort } : undefined;
    const lost = () =>
      this.#terminate({ code: ABNORMAL_CLOSE_CODE, reason: 'connection lost', local: false });
    this.#h2.on('error', () => {}); // reported through 'close'
    this.#h2.on('goaway', (code: number, _last: number, opaque?: Buffer) => this.#onGoaway(code, opaque));
    this.#h2.once('close', lost);
    this.#socket.once('close', lost);
    if (init.isClient) for (let i = 0; i < reversePoolSize; i++) this.#openReverse();
    else {
      (this.#h2 as ServerHttp2Session).on('stream', (stream, headers) => this.#onStream(stream, headers));
    }
    this.#keepAlive = new Http2KeepAlive(
      init.h2,
      init.keepAliveMs ?? 5_000,
      init.idleTimeoutMs ?? 30_000,
      () => this.#terminate({ code: ABNORMAL_CLOSE_CODE, reason: 'idle timeout', local: true }),
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
    if (this.#latch.info) throw new SessionError('closed', 'session is closed');
    const stream = this.isClient
      ? await requestStream(this.#h2 as ClientHttp2Session, 'forward')
      : await this.#claim();
    this.#counters.streamsOpened++;
    return this.#wrap(stream);
  }

  async openUnidirectionalStream(): Promise<SessionSendStream> {
    if (this.#latch.info) throw new SessionError('closed', 'session is closed');
    const stream = this.isClient
      ? await requestStream(this.#h2 as ClientHttp2Session, 'forward-uni')
      : await this.#claim(true);
    this.#counters.streamsOpened++;
    // The return half carries nothing; the receiver ends it at once, and its readable is left unread.
    const { writable } = this.#wrap(stream);
    return { id: stream.id ?? -1, writable };
  }

  async close(code = 0, reason = ''): Promise<void> {
    assertCloseCode(code);
    if (!this.#latch.settle({ code, reason, local: true })) return;
    this.#teardown();
    if (!this.#h2.destroyed) this.#h2.goaway(code, undefined, encodeGoawayReason(reason));
    // The peer hangs up when it reads the GOAWAY; waiting for that lets the frame leave before we destroy.
    const grace = AbortSignal.timeout(closeGraceMs);
    if (!this.#socket.destroyed) await once(this.#socket, 'close', { signal: grace }).catch(() => {});
    this.#h2.destroy();
    this.#socket.destroy();
  }

  stats(): SessionStats {
    const rttMs = this.#keepAlive.rttMs;
    return rttMs === undefined ? { ...this.#counters } : { ...this.#counters, rttMs };
  }

  #openReverse(): void {
    requestStream(this.#h2 as ClientHttp2Session, 'reverse').then(
      (stream) =>
        stream.once('response', (headers) => {
          if (this.#latch.info) return;
          this.#openReverse();
          if (headers[uniResponseHeader] === undefined) this.#accept(stream);
          else {
            stream.end();
            this.#acceptUni(stream);
          }
        }),
      () => {},
    );
  }

  /** Server side: takes an idle reverse stream and tells the client, via response headers, that it is live. */
  async #claim(unidirectional = false): Promise<ServerHttp2Stream> {
    for (;;) {
      const stream = await this.#pool.claim();
      if (stream.destroyed || stream.closed) continue; // reset by the client while idle
      stream.respond(unidirectional ? { ':status': 200, [uniResponseHeader]: '1' } : { ':status': 200 });
      return stream;
    }
  }

  #onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => {});
    const kind = streamKind(headers);
    if (kind === 'forward') {
      stream.respond({ ':status': 200 });
      this.#accept(stream);
    } else if (kind === 'forward-uni') {
      stream.respond({ ':status': 200 }, { endStream: true });
      this.#acceptUni(stream);
    } else if (kind !== 'reverse' || !this.#pool.offer(stream)) {
      stream.close(constants.NGHTTP2_REFUSED_STREAM);
    }
  }

  #accept(stream: Http2Stream): void {
    this.#counters.streamsAccepted++;
    this.#incoming.push(this.#wrap(stream));
  }

  #acceptUni(stream: Http2Stream): void {
    this.#counters.streamsAccepted++;
    this.#incomingUni.push({ id: stream.id ?? -1, readable: this.#wrap(stream).readable });
  }

  #wrap(stream: Http2Stream): SessionStream {
    this.#live.add(stream);
    stream.once('close', () => this.#live.delete(stream));
    const web = http2StreamToWeb(
      stream,
      (n) => {
        this.#counters.bytesReceived += n;
        this.#keepAlive.heard();
      },
      (n) => {
        this.#counters.bytesSent += n;
      },
    );
    return { id: stream.id ?? -1, ...web };
  }

  #onGoaway(code: number, opaque: Buffer | undefined): void {
    const reason = decodeGoawayReason(opaque);
    this.#terminate(
      reason === undefined
        ? { code: ABNORMAL_CLOSE_CODE, reason: `HTTP/2 GOAWAY with error ${code}`, local: false }
        : { code, reason, local: false },
    );
  }

  #terminate(info: SessionCloseInfo): void {
    if (!this.#latch.settle(info)) return;
    this.#teardown();
    this.#h2.destroy();
    this.#socket.destroy();
  }

  #teardown(): void {
    this.#keepAlive.stop();
    const error = new SessionError('closed', 'session closed');
    this.#pool.close(error);
    this.#incoming.end();
    this.#incomingUni.end();
    for (const stream of this.#live) stream.close(constants.NGHTTP2_CANCEL);
  }
}
