import type {
  AgentConnection,
  ConnectionEvent,
  OspAgent,
  OspAgentOptions,
  QuicTransportSessionEvent,
} from '../agent/index.ts';
import { LP2PError } from '../errors/index.ts';
import type { Session } from '../platform/index.ts';
import type { PeerPrompt, PromptDelegate } from '../trust/index.ts';
import { localPeerHost } from './local-peer-host.ts';
import { QuicSessionInbox } from './quic-session-inbox.ts';
import type { QuicTransportSource } from './quic-transport/quic-transport-source.ts';

export interface LocalPeerManagerOptions {
  /** The origin this program acts for; grants are scoped to it (lp2p §Peer grant). Node programs name theirs. */
  readonly origin: string;
  readonly prompt: PromptDelegate;
  /** The agent to use, or the options to start one (it starts without advertising: that needs consent). */
  readonly agent: OspAgent | Omit<OspAgentOptions, 'prompt' | 'advertise'>;
  /** How long a request browses before showing the peers found. */
  readonly discoveryWaitMs?: number;
}

/**
 * The local peer-to-peer manager (lp2p §Peer Management): advertises only after consent, never hands discovery
 * results to the API user (the person picks a peer through the prompt delegate), authenticates peers that are not
 * yet, and scopes access to peers by origin with grants kept in the trust store.
 */
export class LocalPeerManager {
  readonly origin: string;
  readonly agent: OspAgent;
  readonly #prompt: PromptDelegate;
  readonly #discoveryWaitMs: number;
  readonly #ownsAgent: boolean;
  readonly #inbox = new QuicSessionInbox();
  /** Grant decisions under way, by peer fingerprint (the latest one for each peer). */
  readonly #deciding = new Map<string, Promise<boolean>>();

  static async start(options: LocalPeerManagerOptions): Promise<LocalPeerManager> {
    // An agent is an EventTarget; its options are a plain object (this module does not load the agent's code).
    const owns = !(options.agent instanceof EventTarget);
    const agent =
      options.agent instanceof EventTarget
        ? options.agent
        : await localPeerHost().startAgent({ ...options.agent, prompt: options.prompt, advertise: false });
    return new LocalPeerManager(options, agent, owns);
  }

  private constructor(options: LocalPeerManagerOptions, agent: OspAgent, ownsAgent: boolean) {
    this.origin = options.origin;
    this.agent = agent;
    this.#prompt = options.prompt;
    this.#discoveryWaitMs = options.discoveryWaitMs ?? 1500;
    this.#ownsAgent = ownsAgent;
    managerCounts.set(agent, (managerCounts.get(agent) ?? 0) + 1);
    // WebTransport sessions only from peers this origin may use (lp2p §Peer grant), checked in the TLS handshake.
    // A peer that has just paired may dial before the user here has answered the grant prompt (its own side
    // decided first): its session is let through the handshake and waits for that answer.
    // Several managers (one per origin, as the loopback bridge runs them) may share an agent: a peer is admitted
    // if any of them admits it.
    const admittedElsewhere = agent.admitQuicTransport;
    const managed = agentsWithManagers.has(agent);
    agentsWithManagers.add(agent);
    agent.admitQuicTransport = (fingerprint) =>
      this.isGranted(fingerprint) ||
      (this.agent.trustStore.isAuthenticated(fingerprint) && this.#deciding.has(fingerprint)) ||
      (managed && admittedElsewhere(fingerprint));
    agent.addEventListener('quictransportsession', (event) => {
      const { fingerprint, session } = event as QuicTransportSessionEvent;
      void this.#admitOnceDecided(fingerprint, session);
    });
  }

  /** Whether `fingerprint` is authenticated and granted to this origin (from the trust store as last read). */
  isGranted(fingerprint: string): boolean {
    const store = this.agent.trustStore;
    return store.isAuthenticated(fingerprint) && store.hasGrant(fingerprint, this.origin);
  }

  /**
   * Admitted incoming q2q (WebTransport) sessions, optionally only from one peer, until the stream is cancelled or
   * `signal` aborts.
   */
  incomingQuicTransportSessions(
    options: { fingerprint?: string; signal?: AbortSignal } = {},
  ): ReadableStream<Session> {
    const accepts = (fingerprint: string) =>
      options.fingerprint === undefined || fingerprint === options.fingerprint;
    const pulls = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, pulls.signal]) : pulls.signal;
    return new ReadableStream<Session>(
      {
        pull: async (controller) => controller.enqueue(await this.#inbox.take(accepts, signal)),
        cancel: () => pulls.abort(),
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * What `new LP2PQuicTransport(connection)` uses (lp2p-draft §LP2PQuicTransport Interface Extensions: the
   * connection's grants are reused): the side that dialled the OSP connection dials the q2q session, the other
   * side takes the next one that peer opens.
   */
  quicTransportSourceFor(connection: AgentConnection): QuicTransportSource {
    const fingerprint = connection.remoteFingerprint;
    return {
      openQuicTransportSession: ({ signal }) =>
        connection.session.isClient
          ? this.agent.dialQuicTransport(fingerprint, signal)
          : this.#inbox.take((from) => from === fingerprint, signal),
    };
  }

  /** lp2p §Peer advertisement: asks for consent, then advertises. Throws `LP2PError('not-allowed')` if refused. */
  async startAdvertising(nickname: string, signal?: AbortSignal): Promise<void> {
    if (this.agent.advertising) return;
    const allowed = await this.#prompt.allowAdvertising({
      origin: this.origin,
      nickname,
      signal: signalOrNever(signal),
    });
    if (!allowed) throw new LP2PError('not-allowed', 'the user did not allow this device to be discoverable');
    await this.agent.startAdvertising();
  }

  /**
   * Incoming connections this origin may use: each one once its peer is authenticated (paired now or before) and
   * granted to this origin, asking the user when no grant is kept. Connections not granted never reach the caller.
   * Returns a function that stops listening.
   */
  onGrantedConnection(nickname: string, deliver: (connection: AgentConnection) => void): () => void {
    const onConnection = (event: Event) => {
      const { connection } = event as ConnectionEvent;
      if (connection.session.isClient) return;
      const granted = () => {
        void this.#ensureGrant(connection.remoteFingerprint, nickname).then(
          (ok) => ok && !connection.isClosed && deliver(connection),
          () => {},
        );
      };
      if (connection.authenticated) granted();
      else connection.addEventListener('authenticated', granted, { once: true });
    };
    this.agent.addEventListener('connection', onConnection);
    return () => this.agent.removeEventListener('connection', onConnection);
  }

  /**
   * "Acquire a local peer grant" (lp2p §Peer grant): shows the peers found to the user, authenticates the chosen
   * one if needed, records the grant, and returns an authenticated connection to it.
   */
  async requestPeer(nickname: string, signal?: AbortSignal): Promise<AgentConnection> {
    await delay(this.#discoveryWaitMs, signal);
    const peers: PeerPrompt[] = this.agent.peers().map((peer) => this.agent.describePeer(peer.fingerprint));
    const chosen = await this.#prompt.choosePeer({
      peers,
      origin: this.origin,
      signal: signalOrNever(signal),
    });
    if (chosen === undefined) throw new LP2PError('not-found', 'no peer was chosen');
    const connection = await this.agent.pair(chosen, { signal });
    if (!(await this.#ensureGrant(chosen, nickname, signal))) {
      throw new LP2PError('not-allowed', `the user did not grant ${this.origin} access to the peer`);
    }
    return connection;
  }

  #shared(): boolean {
    return (managerCounts.get(this.agent) ?? 0) > 1;
  }

  async close(): Promise<void> {
    if (this.#ownsAgent) await this.agent.stop();
  }

  /** Hands an admitted q2q session on once its peer is granted; closes it if the grant is refused. */
  async #admitOnceDecided(fingerprint: string, session: Session): Promise<void> {
    await this.#deciding.get(fingerprint)?.catch(() => false);
    if (this.isGranted(fingerprint)) this.#inbox.deliver(fingerprint, session);
    // With other origins' managers on the agent the session may be theirs; alone, this one refuses it.
    else if (!this.#shared())
      await session.close(0, 'the peer is not granted to this origin').catch(() => {});
  }

  /** A kept grant, or the user's answer now; only a yes is persisted, so a no asks again next time. */
  #ensureGrant(fingerprint: string, nickname: string, signal?: AbortSignal): Promise<boolean> {
    const decision = this.#decideGrant(fingerprint, nickname, signal);
    this.#deciding.set(fingerprint, decision);
    const done = () => {
      if (this.#deciding.get(fingerprint) === decision) this.#deciding.delete(fingerprint);
    };
    decision.then(done, done);
    return decision;
  }

  async #decideGrant(fingerprint: string, nickname: string, signal?: AbortSignal): Promise<boolean> {
    const store = this.agent.trustStore;
    await store.refresh();
    if (store.hasGrant(fingerprint, this.origin)) return true;
    const peer = this.agent.describePeer(fingerprint);
    const granted = await this.#prompt.grantOrigin({
      peer,
      origin: nickname ? `${this.origin} (${nickname})` : this.origin,
      signal: signalOrNever(signal),
    });
    if (granted) await store.setGrant(fingerprint, this.origin, true);
    return granted;
  }
}

/** Agents some manager already manages, and how many managers each has. */
const agentsWithManagers = new WeakSet<OspAgent>();
const managerCounts = new WeakMap<OspAgent, number>();

function signalOrNever(signal: AbortSignal | undefined): AbortSignal {
  return signal ?? new AbortController().signal;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
