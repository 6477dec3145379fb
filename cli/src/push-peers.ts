import { GROUP_PUSH_CHANNEL_LABEL, type GroupPush, type SyncChannel } from '@offgrid/sync';
import {
  type AgentConnection,
  type ConnectionEvent,
  createLP2PConnection,
  type LP2PDataChannel,
  type LP2PDataChannelEvent,
  type OspAgent,
} from '@offgrid/transport-lp2p/node';

/** How often present trusted peers without a push channel are dialled again. */
const RESCAN_MS = 1000;

export interface PushPeersOptions {
  /** Which present trusted peers this side dials (the other side dials the rest). */
  readonly dial: (fingerprint: string) => boolean;
  /** A peer's push channel opened (either way). */
  readonly onAttached?: (fingerprint: string) => void;
  /** Tests of hostile peers: what the `GroupPush` gets instead of the channel. */
  readonly wrapChannel?: (channel: LP2PDataChannel) => SyncChannel;
}

/**
 * Keeps one authenticated `offgrid-push` data channel per trusted peer and hands each to the `GroupPush`:
 * channels that trusted peers open to us are taken (on any connection the agent adopts: a trusted peer's is
 * authenticated from the trust store, so only paired peers get here), and present trusted peers that `dial`
 * picks are dialled, again whenever their channel closes. Untrusted peers' channels are closed.
 */
export class PushPeers {
  readonly #agent: OspAgent;
  readonly #push: GroupPush;
  readonly #options: PushPeersOptions;
  readonly #attached = new Map<string, LP2PDataChannel>();
  readonly #dialling = new Set<string>();
  readonly #timer: NodeJS.Timeout;
  #stopped = false;

  constructor(agent: OspAgent, push: GroupPush, options: PushPeersOptions) {
    this.#agent = agent;
    this.#push = push;
    this.#options = options;
    agent.addEventListener('connection', (event) => this.#adopt((event as ConnectionEvent).connection));
    for (const connection of agent.connections()) this.#adopt(connection);
    agent.addEventListener('peerschange', () => this.#scan());
    this.#timer = setInterval(() => this.#scan(), RESCAN_MS);
    this.#scan();
  }

  /** Trusted peers that are present on the LAN (discovered and paired). */
  presentTrusted(): string[] {
    return this.#agent
      .peers()
      .filter((peer) => peer.trusted)
      .map((peer) => peer.fingerprint);
  }

  /** Peers with an open push channel. */
  attached(): string[] {
    return [...this.#attached.keys()];
  }

  /** Resolves once `fingerprint` has a push channel, or with false after `timeoutMs`. */
  async waitFor(fingerprint: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#attached.has(fingerprint)) {
      if (Date.now() > deadline || this.#stopped) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const channel of this.#attached.values()) channel.close();
    this.#attached.clear();
  }

  #adopt(connection: AgentConnection): void {
    const lp2p = () => createLP2PConnection(connection);
    const listen = (): void => {
      lp2p().addEventListener('datachannel', (event) => {
        const { channel } = event as LP2PDataChannelEvent;
        if (channel.label !== GROUP_PUSH_CHANNEL_LABEL || this.#stopped) channel.close();
        else this.#attach(connection.remoteFingerprint, channel);
      });
    };
    // Channel opens are refused by the agent before authentication; a trusted peer is authenticated at once.
    if (connection.authenticated) listen();
    else connection.addEventListener('authenticated', listen, { once: true });
  }

  #attach(fingerprint: string, channel: LP2PDataChannel): void {
    if (!this.#agent.trustStore.isAuthenticated(fingerprint)) {
      channel.close();
      return;
    }
    this.#attached.get(fingerprint)?.close();
    this.#attached.set(fingerprint, channel);
    this.#push.addPeer(fingerprint, this.#options.wrapChannel?.(channel) ?? channel);
    channel.addEventListener('close', () => {
      if (this.#attached.get(fingerprint) === channel) this.#attached.delete(fingerprint);
    });
    this.#options.onAttached?.(fingerprint);
  }

  #scan(): void {
    if (this.#stopped) return;
    for (const fingerprint of this.presentTrusted()) {
      if (this.#attached.has(fingerprint) || this.#dialling.has(fingerprint)) continue;
      if (!this.#options.dial(fingerprint)) continue;
      void this.#dial(fingerprint);
    }
  }

  async #dial(fingerprint: string): Promise<void> {
    this.#dialling.add(fingerprint);
    try {
      const connection = await this.#agent.connect(fingerprint, { signal: AbortSignal.timeout(5000) });
      if (!connection.authenticated || this.#stopped) return;
      const channel = createLP2PConnection(connection).createDataChannel(GROUP_PUSH_CHANNEL_LABEL);
      await new Promise<void>((resolve, reject) => {
        channel.addEventListener('open', () => resolve(), { once: true });
        channel.addEventListener('close', () => reject(new Error('refused')), { once: true });
      });
      this.#attach(fingerprint, channel);
    } catch {
      // Gone, unreachable or refused: the next scan tries again while it is present.
    } finally {
      this.#dialling.delete(fingerprint);
    }
  }
}
