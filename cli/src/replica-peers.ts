import type { Replica, ShareHost } from '@offgrid/framework/node';
import {
  type AgentConnection,
  type ConnectionEvent,
  createLP2PConnection,
  type LP2PDataChannel,
  type LP2PDataChannelEvent,
  type OspAgent,
} from '@offgrid/transport-lp2p/node';

/** The reserved data-channel label of an app's replica sync between two agents: `offgrid-sync/<appId>`. */
export const REPLICA_LABEL_PREFIX = 'offgrid-sync/';
/** The label of an app's share (group push) between two agents: `offgrid-push/<appId>` (docs/framework.md). */
export const SHARE_LABEL_PREFIX = 'offgrid-push/';
/** The label of an app's blobs (photos…) between two agents: `offgrid-blobs/<appId>` (docs/framework.md). */
export const BLOBS_LABEL_PREFIX = 'offgrid-blobs/';
/** How often links are checked (peers that came back, grants given since). */
const TICK_MS = 2000;
/** A channel we opened that the peer has not accepted by then is dropped, and dialled again on the next tick. */
const OPEN_TIMEOUT_MS = 10_000;
/** A dial (handshake and agent-info) that has not finished by then is given up, so the ticks go on. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Timings, shorter in tests. */
export interface ReplicaPeersOptions {
  readonly tickMs?: number;
  readonly openTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

type Kind = 'sync' | 'blobs' | 'push';
const prefixes: Record<Kind, string> = {
  sync: REPLICA_LABEL_PREFIX,
  blobs: BLOBS_LABEL_PREFIX,
  push: SHARE_LABEL_PREFIX,
};
const kinds = ['sync', 'blobs', 'push'] as const;

interface HostedReplica {
  readonly origin: string;
  readonly replica: Replica;
  /** The agent's share for the app (pages share through it), when it has one. */
  readonly share: ShareHost | undefined;
}

/**
 * Keeps each app's replica synced with every paired nearby agent the person granted the app's origin to, over
 * one OSP data channel per app and peer (`offgrid-sync/<appId>`), with no page open, the replica's blobs over
 * a second one (`offgrid-blobs/<appId>`, group push: docs/framework.md §Blobs) and the app's share (when given)
 * over a third (`offgrid-push/<appId>`). Both sides check their own
 * trust store: a channel from a peer that is not paired, or not granted for the app here, is closed unheard. The
 * agent with the smaller fingerprint dials; every few seconds missing links are dialled again (a peer that came
 * back, a healed link), so a lost link comes back by itself. Nothing waits for ever: a dial gives up after
 * {@link CONNECT_TIMEOUT_MS}, and a channel the peer has not accepted after {@link OPEN_TIMEOUT_MS} is dropped and
 * dialled again.
 */
export class ReplicaPeers {
  readonly #agent: OspAgent;
  readonly #apps = new Map<string, HostedReplica>();
  /** Open or opening channels per `kind appId fingerprint`. */
  readonly #channels = new Map<string, Set<LP2PDataChannel>>();
  readonly #watched = new WeakSet<AgentConnection>();
  /** Open timeouts of channels still connecting. */
  readonly #opening = new Set<ReturnType<typeof setTimeout>>();
  readonly #timings: Required<ReplicaPeersOptions>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = false;

  constructor(agent: OspAgent, options: ReplicaPeersOptions = {}) {
    this.#agent = agent;
    this.#timings = {
      tickMs: options.tickMs ?? TICK_MS,
      openTimeoutMs: options.openTimeoutMs ?? OPEN_TIMEOUT_MS,
      connectTimeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    };
  }

  /** Whether `fingerprint` is paired and granted `origin` here (lp2p §Peer grant). */
  allowed(fingerprint: string, origin: string): boolean {
    const store = this.#agent.trustStore;
    return store.isAuthenticated(fingerprint) && store.hasGrant(fingerprint, origin);
  }

  add(appId: string, origin: string, replica: Replica, share?: ShareHost): void {
    this.#apps.set(appId, { origin, replica, share });
  }

  start(): void {
    this.#agent.addEventListener('connection', (event) => this.#watch((event as ConnectionEvent).connection));
    for (const connection of this.#agent.connections()) this.#watch(connection);
    this.#timer = setInterval(() => void this.#tick(), this.#timings.tickMs);
    void this.#tick();
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const timer of this.#opening) clearTimeout(timer);
    this.#opening.clear();
    for (const channels of this.#channels.values()) for (const channel of channels) channel.close();
    this.#channels.clear();
  }

  /**
   * Hears a peer's replica channels on a connection (either direction). Only connections of authenticated peers
   * granted some app here: any other connection is left alone (pages own its LP2P connection, if ever). A
   * connection not yet authenticated when it appears is looked at again on the next tick.
   */
  #watch(connection: AgentConnection): void {
    if (this.#watched.has(connection) || !connection.authenticated) return;
    const fingerprint = connection.remoteFingerprint;
    if (![...this.#apps.values()].some((app) => this.allowed(fingerprint, app.origin))) return;
    this.#watched.add(connection);
    const lp2p = createLP2PConnection(connection);
    lp2p.addEventListener('datachannel', (event) => {
      const { channel } = event as LP2PDataChannelEvent;
      const kind = kinds.find((k) => channel.label.startsWith(prefixes[k]));
      if (kind === undefined) return; // a page's own channel
      const appId = channel.label.slice(prefixes[kind].length);
      const app = this.#apps.get(appId);
      const fingerprint = connection.remoteFingerprint;
      if (
        app === undefined ||
        (kind === 'push' && app.share === undefined) ||
        !connection.authenticated ||
        !this.allowed(fingerprint, app.origin)
      ) {
        channel.close();
        return;
      }
      this.#link(kind, appId, fingerprint, channel);
    });
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      await this.#agent.trustStore.refresh();
      // Discovered peers, and peers connected now (just paired by an invite, before or without mDNS).
      const peers = [
        ...new Set([
          ...this.#agent
            .peers()
            .filter((peer) => peer.trusted)
            .map((peer) => peer.fingerprint),
          ...this.#agent
            .connections()
            .filter((connection) => connection.authenticated && !connection.isClosed)
            .map((connection) => connection.remoteFingerprint),
        ]),
      ].map((fingerprint) => ({ fingerprint }));
      const wanted = [...this.#apps].flatMap(([appId, app]) =>
        peers
          .filter((peer) => this.allowed(peer.fingerprint, app.origin))
          .flatMap((peer) =>
            kinds
              .filter((kind) => kind !== 'push' || app.share !== undefined)
              .map((kind) => ({ kind, appId, peer })),
          ),
      );
      // A device whose person granted an app to a peer is one the person wants found by it.
      const granted = [...this.#apps.values()].some((app) =>
        this.#agent.trustStore.list().some((entry) => this.allowed(entry.fingerprint, app.origin)),
      );
      if (granted && !this.#agent.advertising) await this.#agent.startAdvertising();
      for (const connection of this.#agent.connections()) this.#watch(connection);
      for (const { kind, appId, peer } of wanted) {
        const key = `${kind} ${appId} ${peer.fingerprint}`;
        if ((this.#channels.get(key)?.size ?? 0) > 0 || this.#agent.fingerprint > peer.fingerprint) continue;
        await this.#dial(kind, appId, peer.fingerprint).catch(() => {}); // unreachable now: next tick again
      }
    } catch {
      // the trust store could not be read now: the next tick tries again
    } finally {
      this.#ticking = false;
    }
  }

  async #dial(kind: Kind, appId: string, fingerprint: string): Promise<void> {
    // Not discovered (no mDNS yet): a connection the peer dialled will do; if it closes, the next tick retries.
    const connected = this.#agent
      .connections()
      .find(
        (connection) =>
          connection.remoteFingerprint === fingerprint && connection.authenticated && !connection.isClosed,
      );
    const connection =
      this.#agent.discovered(fingerprint) || connected === undefined
        ? await this.#agent.connect(fingerprint, {
            signal: AbortSignal.timeout(this.#timings.connectTimeoutMs),
          })
        : connected;
    this.#watch(connection);
    if (!connection.authenticated) return;
    const channel = createLP2PConnection(connection).createDataChannel(`${prefixes[kind]}${appId}`);
    this.#link(kind, appId, fingerprint, channel);
  }

  #link(kind: Kind, appId: string, fingerprint: string, channel: LP2PDataChannel): void {
    const app = this.#apps.get(appId);
    if (app === undefined) return;
    const key = `${kind} ${appId} ${fingerprint}`;
    const channels = this.#channels.get(key) ?? new Set<LP2PDataChannel>();
    this.#channels.set(key, channels);
    channels.add(channel);
    const gone = () => {
      channels.delete(channel);
      if (channels.size === 0 && this.#channels.get(key) === channels) this.#channels.delete(key);
    };
    channel.addEventListener('close', gone);
    channel.addEventListener('error', gone);
    if (channel.readyState === 'connecting') {
      // Never accepted (the peer holds or lost the request while its connection lives on): forget it now, so the
      // next tick dials again instead of waiting on it for ever.
      const timer = setTimeout(() => {
        this.#opening.delete(timer);
        if (channel.readyState !== 'connecting') return;
        gone();
        channel.close();
      }, this.#timings.openTimeoutMs);
      this.#opening.add(timer);
      const settled = () => {
        clearTimeout(timer);
        this.#opening.delete(timer);
      };
      channel.addEventListener('open', settled);
      channel.addEventListener('close', settled);
    }
    if (kind === 'sync') app.replica.attachPeer(channel, fingerprint);
    else if (kind === 'blobs') app.replica.blobs.addPeer(fingerprint, channel);
    else app.share?.addPeer(fingerprint, channel);
  }
}
