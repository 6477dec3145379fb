import { MAX_DATAGRAM_SIZE } from '../api/index.ts';
import {
  ABNORMAL_CLOSE_CODE,
  createIncomingQueue,
  type Session,
  type SessionCloseInfo,
  type SessionDatagrams,
  type SessionReceiveStream,
  type SessionSendStream,
  type SessionStats,
  type SessionStream,
} from '../platform/index.ts';
import type { BridgeLink } from './bridge-link.ts';
import type { AgentMessage } from './bridge-protocol.ts';
import { BridgeStream } from './bridge-stream.ts';

/**
 * The agent's q2q (WebTransport) session with a peer, as the page sees it: a `Session` whose streams and datagrams
 * travel over the bridge, so the portable `LP2PQuicTransport` class runs in the page unchanged. Datagrams are
 * carried reliably between page and agent and unreliably (QUIC DATAGRAM frames) between the agents.
 */
export class BridgeSession implements Session {
  readonly kind = 'quic' as const;
  readonly isClient: boolean;
  readonly remoteCertificate = new Uint8Array(0);
  readonly remoteAddress = undefined;
  readonly closed: Promise<SessionCloseInfo>;
  readonly datagrams?: SessionDatagrams;
  readonly #link: BridgeLink;
  readonly #wt: number;
  readonly #incoming = createIncomingQueue<SessionStream>();
  /** Stays empty: q2q carries WebTransport's unidirectional streams on bidirectional ones (a kind byte). */
  readonly #incomingUni = createIncomingQueue<SessionReceiveStream>();
  readonly #streams = new Set<BridgeStream>();
  #settle: (info: SessionCloseInfo) => void = () => {};
  #ended = false;
  #opened = 0;
  #accepted = 0;

  constructor(link: BridgeLink, wt: number, options: { isClient: boolean; maxDatagramSize: number }) {
    this.#link = link;
    this.#wt = wt;
    this.isClient = options.isClient;
    this.closed = new Promise((resolve) => {
      this.#settle = resolve;
    });
    if (options.maxDatagramSize >= 0) {
      // The agent's figure is from when the session opened, before the peer's transport parameters may have come
      // in (then 0): the page assumes QUIC's usual size and the agent drops what its session cannot carry.
      const maxSize = options.maxDatagramSize > 0 ? options.maxDatagramSize : MAX_DATAGRAM_SIZE;
      const datagrams: SessionDatagrams = {
        maxSize,
        send: (payload) => {
          if (this.#ended || payload.byteLength > maxSize) return 1;
          link.send({ t: 'dg.send', wt, d: payload.slice() });
          return 0;
        },
        ondatagram: undefined,
      };
      this.datagrams = datagrams;
    }
    link.on(wt, (message) => this.#handle(message));
    link.onClose(() => this.#end({ code: ABNORMAL_CLOSE_CODE, reason: 'the bridge closed', local: true }));
  }

  async openStream(): Promise<SessionStream> {
    if (this.#ended) throw new DOMException('the session is closed', 'InvalidStateError');
    const stream = this.#track(new BridgeStream(this.#link, this.#link.nextId()));
    this.#link.send({ t: 'st.open', wt: this.#wt, st: stream.id });
    this.#opened++;
    return stream;
  }

  get incomingStreams(): ReadableStream<SessionStream> {
    return this.#incoming.readable;
  }

  get incomingUnidirectionalStreams(): ReadableStream<SessionReceiveStream> {
    return this.#incomingUni.readable;
  }

  /**
   * Not carried by the bridge: this session is a q2q one, whose WebTransport unidirectional streams ride
   * bidirectional streams with a kind byte; OSP's own unidirectional streams never reach the page.
   */
  async openUnidirectionalStream(): Promise<SessionSendStream> {
    throw new DOMException('the bridge carries no unidirectional session streams', 'NotSupportedError');
  }

  async close(code = 0, reason = ''): Promise<void> {
    if (this.#ended) return;
    this.#link.send({ t: 'wt.close', wt: this.#wt, code, reason });
    this.#end({ code, reason, local: true });
  }

  stats(): SessionStats {
    return { bytesSent: 0, bytesReceived: 0, streamsOpened: this.#opened, streamsAccepted: this.#accepted };
  }

  #track(stream: BridgeStream): BridgeStream {
    this.#streams.add(stream);
    return stream;
  }

  #handle(message: AgentMessage): void {
    if (message.t === 'st.incoming') {
      this.#accepted++;
      this.#incoming.push(this.#track(new BridgeStream(this.#link, message.st)));
    } else if (message.t === 'dg') {
      this.datagrams?.ondatagram?.(message.d);
    } else if (message.t === 'wt.closed') {
      const code = message.error ? ABNORMAL_CLOSE_CODE : message.code;
      this.#end({ code, reason: message.error || message.reason, local: false });
    }
  }

  #end(info: SessionCloseInfo): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#link.forget(this.#wt);
    this.#incoming.end();
    this.#incomingUni.end();
    const error = new DOMException(`the session closed: ${info.reason}`, 'AbortError');
    for (const stream of this.#streams) stream.fail(error);
    this.#settle(info);
  }
}
