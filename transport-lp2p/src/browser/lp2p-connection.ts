import {
  type EventHandler,
  EventHandlerAttributes,
  type LP2PDataChannel,
  LP2PDataChannelEvent,
  type LP2PDataChannelInit,
} from '../api/index.ts';
import { DataChannelError } from '../errors/index.ts';
import type { Session } from '../platform/index.ts';
import { BridgeChannel } from './bridge-channel.ts';
import type { BridgeLink } from './bridge-link.ts';
import type { AgentMessage } from './bridge-protocol.ts';
import { openBridgedSession } from './bridged-sessions.ts';

const utf8 = new TextEncoder();
/** WebRTC §6.1 createDataChannel: a label or protocol longer than 65 535 bytes is a TypeError. */
const MAX_NAME_BYTES = 65_535;

/**
 * A connection with an authenticated peer (lp2p §LP2PConnection), as a page sees it: the agent holds the OSP
 * connection, this relays its data channels. Same members and events as the Node class.
 *
 * @example
 * const conn = await new LP2PRequest({ nickname: 'notes' }).start();
 * const channel = conn.createDataChannel('chat');
 */
export class LP2PConnection extends EventTarget {
  readonly #link: BridgeLink;
  readonly #conn: number;
  readonly #handlers = new EventHandlerAttributes(this);
  readonly #channels = new Set<BridgeChannel>();
  #closed = false;

  /** @internal Connections come from LP2PRequest.start() and LP2PReceiver's `connection` event. */
  constructor(link: BridgeLink, conn: number) {
    super();
    this.#link = link;
    this.#conn = conn;
    link.on(conn, (message) => this.#handle(message));
    link.onClose((error) => this.#setClosed(error));
  }

  /**
   * Opens a channel; it starts `connecting` and opens once the peer accepts. Its `id` is null until then unless
   * `init.id` names one.
   * @throws DOMException InvalidStateError when the connection is closed; TypeError for a bad id, label or protocol.
   */
  createDataChannel(label: string, init: LP2PDataChannelInit = {}): LP2PDataChannel {
    if (this.#closed) throw new DOMException('the connection is closed', 'InvalidStateError');
    const name = String(label).toWellFormed();
    const protocol = String(init.protocol ?? '').toWellFormed();
    if (utf8.encode(name).byteLength > MAX_NAME_BYTES)
      throw new TypeError(`label exceeds ${MAX_NAME_BYTES} bytes`);
    if (utf8.encode(protocol).byteLength > MAX_NAME_BYTES) {
      throw new TypeError(`protocol exceeds ${MAX_NAME_BYTES} bytes`);
    }
    let id = -1;
    if (init.id !== undefined) {
      id = Math.trunc(init.id);
      if (!Number.isFinite(init.id) || id < 0 || id > 65_534) {
        throw new TypeError(`data channel id must be within 0–65534, got ${init.id}`);
      }
    }
    const ch = this.#link.nextId();
    const channel = new BridgeChannel(
      this.#link,
      ch,
      { label: name, protocol, id: id < 0 ? null : id },
      'connecting',
    );
    this.#channels.add(channel);
    this.#link.send({ t: 'ch.open', conn: this.#conn, ch, label: name, protocol, id });
    return channel.channel;
  }

  /**
   * For `new LP2PQuicTransport(connection)`: a q2q session with this peer reusing the connection's grants
   * (lp2p-draft §LP2PQuicTransport Interface Extensions), opened by the agent.
   */
  openQuicTransportSession({ signal }: { readonly signal: AbortSignal }): Promise<Session> {
    return openBridgedSession(this.#link, this.#conn, signal);
  }

  /** Closes the connection and its channels; `close` fires when done. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#link.send({ t: 'conn.close', conn: this.#conn });
  }

  get ondatachannel(): EventHandler<LP2PConnection, LP2PDataChannelEvent> {
    return this.#handlers.get('datachannel');
  }
  set ondatachannel(handler: EventHandler<LP2PConnection, LP2PDataChannelEvent>) {
    this.#handlers.set('datachannel', handler);
  }
  get onclose(): EventHandler<LP2PConnection> {
    return this.#handlers.get('close');
  }
  set onclose(handler: EventHandler<LP2PConnection>) {
    this.#handlers.set('close', handler);
  }

  #handle(message: AgentMessage): void {
    if (message.t === 'datachannel') {
      const { ch, label, protocol, id } = message;
      const channel = new BridgeChannel(this.#link, ch, { label, protocol, id }, 'open');
      this.#channels.add(channel);
      // As in Node: `datachannel` first, then `open` on the already open channel (WebRTC §6.2).
      this.dispatchEvent(new LP2PDataChannelEvent('datachannel', { channel: channel.channel }));
      channel.channel.dispatchEvent(new Event('open'));
    } else if (message.t === 'conn.closed') {
      this.#setClosed();
    }
  }

  #setClosed(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#link.forget(this.#conn);
    const lost = error ?? new DataChannelError('connection-lost', 'the connection closed');
    for (const channel of this.#channels) channel.connectionClosed(lost);
    this.dispatchEvent(new Event('close'));
  }
}
