import { isChannelOpen, type SyncChannel } from '../channel.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { SyncHub } from '../hub/sync-hub.ts';
import type { SyncLink } from '../hub/sync-link.ts';
import {
  type BackoffOptions,
  ReconnectSchedule,
  type ScheduleClock,
  systemClock,
} from './reconnect-schedule.ts';
import type { ServerConfirmations } from './server-confirmations.ts';
import { ServerTap, type WireCounts } from './server-tap.ts';

/** How a {@link ServerGateway} reaches the server. */
export interface ServerGatewayOptions {
  /** `ws://` or `wss://` URL of a Hocuspocus server (`offgrid serve`). */
  url: string;
  /** The Hocuspocus token (sent first for every document, as the provider does). */
  token: string;
  /** Opens a WebSocket (browser, Node 22+ global, or `ws`). Default: `new globalThis.WebSocket(url)`. */
  createSocket?: (url: string) => SyncChannel;
  /** The peer id the hub's acks list the server under. Default `server`. */
  peerId?: string;
  /** Timers, clock and randomness (tests drive simulated time). */
  clock?: ScheduleClock;
  backoff?: BackoffOptions;
  /** A connection not open after this long is abandoned and retried later. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** What the server confirmed is told to nearby peers at most this often per document. Default 500 ms. */
  confirmIntervalMs?: number;
  /**
   * Subscribes to the platform's network changes; returns the unsubscribe. Default in browsers: the `online`
   * event of `globalThis`. In Node use `watchNetworkInterfaces` from `@offgrid/sync/node`.
   */
  networkChanges?: (changed: () => void) => () => void;
}

/** `idle` (not started or stopped), `connecting`, `connected` (the socket is open), `waiting` (offline, a retry is scheduled). */
export type GatewayState = 'idle' | 'connecting' | 'connected' | 'waiting';

/**
 * Makes this device a gateway: while the server is reachable, every document open in the hub is reconciled with
 * it through the hub's client role (state-vector diffs both ways — the Hocuspocus handshake), including what
 * came from peers that never reached the server. What the server acknowledges is fed to
 * {@link ServerConfirmations}, which updates each document's `serverStatus()` and tells nearby peers. While
 * offline it retries with backoff (see {@link ReconnectSchedule}). Events: `state`.
 */
export class ServerGateway extends EventTarget {
  readonly #hub: SyncHub;
  readonly #confirmations: ServerConfirmations;
  readonly #options: ServerGatewayOptions;
  readonly #clock: ScheduleClock;
  readonly #schedule: ReconnectSchedule;
  readonly #counts: WireCounts = { bytesSent: 0, updateBytesSent: 0, bytesReceived: 0, messagesSent: 0 };
  /** Server state learnt but not yet told, per document, while the confirmation throttle holds. */
  readonly #held = new Map<string, Map<number, number>>();
  readonly #throttled = new Map<string, unknown>();
  #state: GatewayState = 'idle';
  #link: SyncLink | null = null;
  #tap: ServerTap | null = null;
  #unsubscribe: (() => void) | null = null;
  #attempts = 0;

  constructor(hub: SyncHub, confirmations: ServerConfirmations, options: ServerGatewayOptions) {
    super();
    if (!/^wss?:\/\//.test(options.url))
      throw new GatewayError('invalid-options', 'url must be ws:// or wss://');
    this.#hub = hub;
    this.#confirmations = confirmations;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#schedule = new ReconnectSchedule(() => this.#connect(), this.#clock, options.backoff);
  }

  get state(): GatewayState {
    return this.#state;
  }

  /** The hub's link to the server while connected. */
  get link(): SyncLink | null {
    return this.#link;
  }

  /** Bytes exchanged with the server since the gateway was made (all connections). */
  get counts(): Readonly<WireCounts> {
    return { ...this.#counts };
  }

  /** Connection attempts made so far. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Starts reaching for the server (now, then with backoff while it is unreachable). */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#unsubscribe = (this.#options.networkChanges ?? browserOnline)(() => this.networkChanged());
    this.#connect();
  }

  /** Closes the connection and stops retrying. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#schedule.cancel();
    for (const timer of this.#throttled.values()) this.#clock.clearTimeout(timer);
    this.#throttled.clear();
    this.#flushAll();
    this.#setState('idle');
    this.#drop();
  }

  /** The network changed (an interface came up): if waiting, try now (rate-limited). */
  networkChanged(): void {
    this.#schedule.networkChanged();
  }

  #connect(): void {
    this.#attempts++;
    this.#setState('connecting');
    let socket: SyncChannel;
    try {
      socket = (this.#options.createSocket ?? defaultSocket)(this.#options.url);
    } catch {
      this.#lost();
      return;
    }
    if ('binaryType' in socket) socket.binaryType = 'arraybuffer';
    // A failed connection reports `error`, then `close` (which retries); `ws` throws on an unheard `error`.
    socket.addEventListener('error', () => {});
    let spoke = false;
    this.#tap = new ServerTap(socket, this.#counts, (name, vector) => {
      if (!spoke) this.#schedule.succeeded(); // the server answered: next loss starts the backoff again
      spoke = true;
      this.#learnt(name, vector);
    });
    const timeout = this.#clock.setTimeout(() => {
      if (!isChannelOpen(socket)) this.#lost();
    }, this.#options.connectTimeoutMs ?? 10_000);
    socket.addEventListener('open', () => {
      this.#clock.clearTimeout(timeout);
      if (this.#state === 'connecting') this.#setState('connected');
    });
    const link = this.#hub.attach(socket, {
      peerId: this.#options.peerId ?? 'server',
      role: 'client',
      token: this.#options.token,
    });
    this.#link = link;
    link.addEventListener('close', () => {
      this.#clock.clearTimeout(timeout);
      if (this.#link === link) this.#lost();
    });
    if (link.closed) this.#lost();
  }

  /** The connection failed or was lost: retry later, unless stopped. */
  #lost(): void {
    this.#drop();
    if (this.#state === 'idle') return;
    this.#setState('waiting');
    this.#schedule.failed();
  }

  #drop(): void {
    const link = this.#link;
    this.#link = null;
    this.#tap?.detach();
    this.#tap = null;
    link?.close();
  }

  #learnt(name: string, vector: Map<number, number>): void {
    const held = this.#held.get(name) ?? new Map<number, number>();
    for (const [client, clock] of vector) if (clock > (held.get(client) ?? 0)) held.set(client, clock);
    this.#held.set(name, held);
    if (!this.#throttled.has(name)) this.#flush(name);
  }

  /** Tells what the server holds now, then holds further news for `confirmIntervalMs`. */
  #flush(name: string): void {
    const held = this.#held.get(name);
    this.#held.delete(name);
    if (held === undefined) {
      this.#throttled.delete(name);
      return;
    }
    this.#confirmations.confirm(name, { stateVector: held, at: this.#clock.now() });
    const timer = this.#clock.setTimeout(() => this.#flush(name), this.#options.confirmIntervalMs ?? 500);
    this.#throttled.set(name, timer);
  }

  #flushAll(): void {
    for (const [name, held] of this.#held)
      this.#confirmations.confirm(name, { stateVector: held, at: this.#clock.now() });
    this.#held.clear();
  }

  #setState(state: GatewayState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.dispatchEvent(new Event('state'));
  }
}

function defaultSocket(url: string): SyncChannel {
  const WebSocketClass = (globalThis as { WebSocket?: new (url: string) => SyncChannel }).WebSocket;
  if (WebSocketClass === undefined)
    throw new GatewayError('invalid-options', 'no WebSocket on this platform: pass createSocket');
  return new WebSocketClass(url);
}

/** Browsers say when the network comes back (`online`); elsewhere there is nothing to listen to. */
function browserOnline(changed: () => void): () => void {
  const target = globalThis as { addEventListener?: EventTarget['addEventListener'] } & Partial<EventTarget>;
  if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function')
    return () => {};
  target.addEventListener('online', changed);
  return () => target.removeEventListener?.('online', changed);
}
