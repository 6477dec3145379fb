import type { DiscoveredAgent } from '../discovery/index.ts';
import { generateAuthToken, OspAdvertiser, OspBrowser } from '../discovery/index.ts';
import type { AuthenticationError } from '../errors/index.ts';
import { AgentError } from '../errors/index.ts';
import type { AgentIdentity } from '../identity/index.ts';
import { agentFingerprint, IdentityStore, prepareStateDir, toInstanceName } from '../identity/index.ts';
import type { Session, SessionListener } from '../platform/index.ts';
import { Q2Q_ALPN } from '../platform/index.ts';
import { dialQuic, dialTcp, listenQuic, listenTcp } from '../platform/node.ts';
import type { AgentInfo } from '../protocol/index.ts';
import { AgentCapability } from '../protocol/index.ts';
import type { PeerPrompt, PromptDelegate } from '../trust/index.ts';
import { TrustStore } from '../trust/node.ts';
import type { AdmissionLimits } from './admission.ts';
import { Admission } from './admission.ts';
import { AgentConnection } from './agent-connection.ts';
import { ConnectionEvent, PairingEvent } from './agent-events.ts';
import type { AgentState } from './agent-state.ts';
import { loadAgentState } from './agent-state.ts';
import type { AuthCapabilities } from './auth-roles.ts';
import { defaultAuthCapabilities } from './auth-roles.ts';
import { CloseCode } from './close-codes.ts';
import { PairingGuard } from './pairing-guard.ts';
import { PairingManager } from './pairing-manager.ts';
import type { PeerSummary, SessionTransport } from './peer-summary.ts';
import { summarizePeer } from './peer-summary.ts';
import { suspicionReasons } from './suspicion.ts';
import { VerificationDials } from './verification-dials.ts';

export interface OspAgentOptions {
  readonly displayName: string;
  /** Directory for the agent certificate and key, agent state and known peers. */
  readonly stateDir: string;
  readonly modelName?: string;
  /** IPv4 address of the interface to advertise, browse and listen on; all interfaces when absent. */
  readonly interfaceAddress?: string;
  /** UDP port for QUIC and TCP port for TLS/TCP sessions (the same number; 0 or absent: any free port). */
  readonly port?: number;
  readonly transports?: readonly SessionTransport[];
  readonly advertise?: boolean;
  readonly browse?: boolean;
  /** Connect to each discovered agent to fetch and verify its agent-info (osp-network §Instance and Display Names). */
  readonly verifyDiscovered?: boolean;
  readonly capabilities?: readonly number[];
  readonly locales?: readonly string[];
  /** Shows and asks for PSKs; an agent without one refuses pairing attempts. */
  readonly prompt?: PromptDelegate;
  readonly authCapabilities?: AuthCapabilities;
  /** Injected for tests: backoff between failed pairing attempts. */
  readonly pairingGuard?: PairingGuard;
  readonly pairingTimeoutMs?: number;
  /** Caps and deadlines for peers that are not authenticated yet (docs/security.md). */
  readonly admission?: AdmissionLimits;
  /** TLS/QUIC handshakes that have not finished by then are dropped; 10 s by default. */
  readonly handshakeTimeoutMs?: number;
  /**
   * Listen for LP2P WebTransport sessions (a QUIC listener with ALPN `q2q`, its port in the `q2q` TXT key).
   * Default true; which peers may connect is decided by {@link OspAgent.admitQuicTransport}.
   */
  readonly quicTransport?: boolean;
  /** TCP port of this agent's Local HTTPS service (`serveLocalHttps`), advertised as the `https` TXT key. */
  readonly localHttpsPort?: number;
}

/** Fired on an `OspAgent` for every admitted incoming q2q session. */
export class QuicTransportSessionEvent extends Event {
  readonly session: Session;
  readonly fingerprint: string;

  constructor(session: Session) {
    super('quictransportsession');
    this.session = session;
    this.fingerprint = agentFingerprint(session.remoteCertificate);
  }
}

export interface ConnectOptions {
  /** `auto` prefers the TLS/TCP session when the peer offers it (bulk data), else QUIC. */
  readonly transport?: SessionTransport | 'auto';
  readonly signal?: AbortSignal;
}

/**
 * An Open Screen agent: a persistent identity, QUIC and TLS/TCP listeners, mDNS advertising and browsing,
 * connections to peers whose certificates are pinned to their advertised fingerprints, and SPAKE2 pairing with
 * a persisted known-peers map.
 * Events: `peerschange`; `connection` ({@link ConnectionEvent}); `paired` / `pairingfailed` ({@link PairingEvent}).
 */
export class OspAgent extends EventTarget {
  readonly identity: AgentIdentity;
  readonly trustStore: TrustStore;
  readonly quicPort: number;
  readonly tcpPort: number | undefined;
  readonly q2qPort: number | undefined;
  /** The `at` this agent advertises (public on the LAN); pairing attempts must carry it. */
  readonly authToken: string;
  /**
   * Which peers may open q2q (WebTransport) sessions; checked inside the TLS handshake. By default, authenticated
   * peers; the LP2P layer narrows it to peers granted to its origin.
   */
  admitQuicTransport: (fingerprint: string) => boolean = (fingerprint) =>
    this.trustStore.isAuthenticated(fingerprint);
  readonly #options: OspAgentOptions;
  readonly #state: AgentState;
  readonly #listeners: SessionListener[];
  readonly #advertiser: OspAdvertiser;
  #advertising = false;
  readonly #browser: OspBrowser | undefined;
  readonly #pairing: PairingManager;
  readonly #guard: PairingGuard;
  readonly #admission: Admission;
  readonly #connections = new Set<AgentConnection>();
  /** Opened by a verification dial and closed by it, unless connect()/pair() took them over meanwhile. */
  readonly #verificationOnly = new WeakSet<AgentConnection>();
  readonly #verifiedInfo = new Map<string, { metadataVersion: number; info: AgentInfo }>();
  readonly #dials = new VerificationDials({ dial: (agent, signal) => this.#verifyNow(agent, signal) });
  readonly #namesSeen = new Map<string, Set<string>>();
  #requestId = 0;
  #stopped = false;

  static async start(options: OspAgentOptions): Promise<OspAgent> {
    await prepareStateDir(options.stateDir, { create: true });
    const identity = await new IdentityStore(options.stateDir).load({
      instanceName: toInstanceName(options.displayName),
      modelName: options.modelName ?? 'Offgrid',
    });
    const state = await loadAgentState(options.stateDir, options.displayName);
    const trustStore = await TrustStore.open(options.stateDir);
    const host = options.interfaceAddress ?? '0.0.0.0';
    // Anyone may connect; until pairing (or the trust store) authenticates the peer only pre-auth messages flow.
    const listen = {
      host,
      credentials: identity,
      verifyPeer: () => true,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
    };
    const quic = await listenQuic({ ...listen, port: options.port ?? 0 });
    let tcp: SessionListener | undefined;
    if ((options.transports ?? ['quic', 'tcp']).includes('tcp')) {
      // Same number as QUIC when free: TCP and UDP ports are separate spaces.
      tcp = await listenTcp({ ...listen, port: quic.port }).catch(() => listenTcp({ ...listen, port: 0 }));
    }
    let admit: (fingerprint: string) => boolean = () => false;
    const q2q =
      (options.quicTransport ?? true)
        ? await listenQuic({
            ...listen,
            port: 0,
            alpn: Q2Q_ALPN,
            // WebTransport datagrams are RFC 9221 DATAGRAM frames, on both ends (as listenQ2q/dialQ2q do).
            datagrams: true,
            verifyPeer: (fingerprint) => admit(fingerprint),
          })
        : undefined;
    const agent = new OspAgent(options, identity, state, trustStore, { quic, tcp, q2q });
    admit = (fingerprint) => agent.admitQuicTransport(fingerprint);
    await agent.#startDiscovery();
    return agent;
  }

  private constructor(
    options: OspAgentOptions,
    identity: AgentIdentity,
    state: AgentState,
    trustStore: TrustStore,
    listeners: { quic: SessionListener; tcp: SessionListener | undefined; q2q: SessionListener | undefined },
  ) {
    super();
    this.#options = options;
    this.identity = identity;
    this.#state = state;
    this.trustStore = trustStore;
    this.#listeners = [listeners.quic, listeners.tcp, listeners.q2q].filter((l) => l !== undefined);
    this.quicPort = listeners.quic.port;
    this.tcpPort = listeners.tcp?.port;
    this.q2qPort = listeners.q2q?.port;
    const interfaceAddress = options.interfaceAddress;
    const authToken = generateAuthToken();
    this.authToken = authToken;
    this.#advertiser = new OspAdvertiser({
      interfaceAddress,
      displayName: options.displayName,
      fingerprint: identity.fingerprint,
      hostname: identity.hostname,
      port: this.quicPort,
      tcpPort: this.tcpPort,
      q2qPort: this.q2qPort,
      httpsPort: options.localHttpsPort,
      authToken,
      metadataVersion: state.metadataVersion,
    });
    if (options.browse ?? true) {
      // A full discovery cache evicts unverified agents first and never trusted ones.
      const keepRank = (fingerprint: string) =>
        this.trustStore.isAuthenticated(fingerprint) ? 2 : this.#verifiedInfo.has(fingerprint) ? 1 : 0;
      this.#browser = new OspBrowser({ interfaceAddress, keepRank });
    }
    this.#guard = options.pairingGuard ?? new PairingGuard();
    this.#admission = new Admission(options.admission);
    this.#pairing = new PairingManager({
      localFingerprint: identity.fingerprint,
      trustStore,
      guard: this.#guard,
      capabilities: options.authCapabilities ?? defaultAuthCapabilities,
      prompt: options.prompt,
      // The token guards pairing with an advertising agent; one that never advertised accepts none.
      localAuthToken: authToken,
      describePeer: (connection) =>
        this.describePeer(
          connection.remoteFingerprint,
          connection.remoteInfo,
          connection.session.remoteAddress?.address,
        ),
      timeoutMs: options.pairingTimeoutMs,
      onAttempt: (connection, running) => this.#admission.pairing(connection, running),
      onOutcome: (connection, error) => this.#onPairingOutcome(connection, error),
    });
    void this.#acceptLoop(listeners.quic);
    if (listeners.tcp) void this.#acceptLoop(listeners.tcp);
    if (listeners.q2q) void this.#acceptQuicTransports(listeners.q2q);
  }

  /** Whether the agent is advertising itself on mDNS. */
  get advertising(): boolean {
    return this.#advertising;
  }

  /**
   * Starts advertising (osp-network §Discovery). LP2P §Peer advertisement: only after the user consented, which is
   * the caller's job; `OspAgentOptions.advertise` does it at start.
   */
  async startAdvertising(): Promise<void> {
    if (this.#advertising || this.#stopped) return;
    this.#advertising = true;
    await this.#advertiser.start();
  }

  get fingerprint(): string {
    return this.identity.fingerprint;
  }

  /** Our agent-info (osp-application §Metadata Discovery), with the LP2P capabilities (lp2p Appendix A). */
  agentInfo(): AgentInfo {
    return {
      displayName: this.#options.displayName,
      modelName: this.identity.modelName,
      capabilities: [
        ...(this.#options.capabilities ?? [AgentCapability.DataChannels, AgentCapability.QuickTransport]),
      ],
      stateToken: this.#state.stateToken,
      locales: [...(this.#options.locales ?? [Intl.DateTimeFormat().resolvedOptions().locale])],
    };
  }

  /** Agents seen on the LAN, other than ourselves. */
  peers(): PeerSummary[] {
    return this.#discovered()
      .filter((agent) => agent.fingerprint !== this.fingerprint)
      .map((agent) =>
        summarizePeer(agent, this.#infoFor(agent), this.#suspicion(agent.fingerprint), {
          trusted: this.trustStore.isAuthenticated(agent.fingerprint),
        }),
      );
  }

  /**
   * How a peer is shown to a person: verified name or unverified one, and why it may be suspicious (failed pairings
   * count by certificate, by source `address` and for the agent as a whole).
   */
  describePeer(fingerprint: string, info?: AgentInfo, address?: string): PeerPrompt {
    const peer = this.peers().find((p) => p.fingerprint === fingerprint);
    const known = this.trustStore.get(fingerprint);
    return {
      fingerprint,
      name: peer?.name ?? known?.displayName ?? info?.displayName ?? fingerprint,
      verified: peer?.verified ?? known?.authenticated ?? false,
      suspicious: this.#suspicion(fingerprint, address),
    };
  }

  /** Open connections, incoming and outgoing. */
  connections(): AgentConnection[] {
    return [...this.#connections];
  }

  /** The discovered agent with this fingerprint, if any. */
  discovered(fingerprint: string): DiscoveredAgent | undefined {
    return this.#discovered().find((agent) => agent.fingerprint === fingerprint);
  }

  /**
   * Connects to a discovered agent, pinning its certificate to the advertised `fp`, then exchanges agent-info.
   * Reuses an open connection this side dialled to the same agent (over the requested transport, if one was named).
   */
  async connect(fingerprint: string, options: ConnectOptions = {}): Promise<AgentConnection> {
    if (this.#stopped) throw new AgentError('stopped', 'the agent is stopped');
    // Only a connection this side dialled: one the peer dialled may be its verification dial, which it closes as
    // soon as it has our agent-info. And a reused connection may still be waiting for the peer's agent-info.
    const open = this.#openConnection(fingerprint, options.transport, true);
    if (open) {
      const connection = this.#own(open);
      if (!connection.remoteInfo) await connection.fetchAgentInfo();
      return connection;
    }
    const agent = this.discovered(fingerprint);
    if (!agent)
      throw new AgentError('unknown-peer', `no agent with fingerprint ${fingerprint} was discovered`);
    return this.connectTo(agent, options);
  }

  /** Connects to an agent known by its DNS-SD data (discovered, or typed in by a user). */
  async connectTo(agent: DiscoveredAgent, options: ConnectOptions = {}): Promise<AgentConnection> {
    return this.#connectTo(agent, options, false);
  }

  async #connectTo(
    agent: DiscoveredAgent,
    options: ConnectOptions,
    verificationOnly: boolean,
  ): Promise<AgentConnection> {
    const address = agent.addresses[0];
    if (address === undefined) throw new AgentError('no-route', `${agent.instanceName} has no IPv4 address`);
    const wanted = options.transport ?? 'auto';
    const useTcp =
      wanted === 'tcp' || (wanted === 'auto' && agent.tcpPort !== undefined && this.tcpPort !== undefined);
    if (useTcp && agent.tcpPort === undefined)
      throw new AgentError('no-route', `${agent.instanceName} offers no TCP`);
    const dialOptions = {
      host: address,
      port: useTcp ? (agent.tcpPort as number) : agent.port,
      serverName: agent.hostname,
      credentials: this.identity,
      expectedFingerprint: agent.fingerprint,
      signal: options.signal,
    };
    const session = useTcp ? await dialTcp(dialOptions) : await dialQuic(dialOptions);
    const connection = await this.#adopt(session, agent.fingerprint, false, verificationOnly);
    try {
      const info = await connection.fetchAgentInfo();
      this.#verifiedInfo.set(agent.fingerprint, { metadataVersion: agent.metadataVersion, info });
      this.dispatchEvent(new Event('peerschange'));
      return connection;
    } catch (error) {
      await connection.close(CloseCode.Timeout, 'agent-info failed');
      throw error;
    }
  }

  /**
   * Connects to a discovered agent and authenticates it with SPAKE2 unless both sides already trust each other (then
   * no PSK is shown or asked for). Resolves only when both sides authenticated each other on this connection: a peer
   * we trust that does not trust us back (it forgot us, or lost its record in a crash) is paired again. Throws
   * `AuthenticationError` when pairing fails; the connection is then closed.
   */
  async pair(
    fingerprint: string,
    options: ConnectOptions & { prompt?: PromptDelegate } = {},
  ): Promise<AgentConnection> {
    return this.#pair(fingerprint, this.discovered(fingerprint), options);
  }

  /** {@link pair} with an agent known by its DNS-SD data (discovered, or typed in by a user). */
  async pairTo(
    agent: DiscoveredAgent,
    options: ConnectOptions & { prompt?: PromptDelegate } = {},
  ): Promise<AgentConnection> {
    return this.#pair(agent.fingerprint, agent, options);
  }

  async #pair(
    fingerprint: string,
    agent: DiscoveredAgent | undefined,
    options: ConnectOptions & { prompt?: PromptDelegate },
  ): Promise<AgentConnection> {
    // Only a connection we dialled: were both sides to start pairing on one connection, each would take the
    // other's auth stream for the reply to its own attempt (the auth messages cannot tell an answer from a start).
    const open = this.#openConnection(fingerprint, options.transport, true);
    let connection = open
      ? this.#own(open)
      : agent
        ? await this.connectTo(agent, options)
        : await this.connect(fingerprint, options);
    if (connection.authenticated) {
      if (await this.#peerAuthenticatedUs(connection)) return connection;
      // One-sided trust: the peer closed the connection (403) or did not answer. Pair again on a new one.
      await connection.close(CloseCode.NotAllowed, 'not authenticated by the peer').catch(() => {});
      if (!agent)
        throw new AgentError('unknown-peer', `no agent with fingerprint ${fingerprint} was discovered`);
      connection = await this.connectTo(agent, options);
    }
    await this.#pairing.pair(connection, agent?.authToken, options.prompt, true);
    return connection;
  }

  /**
   * Whether the peer treats this connection as authenticated: agent-status is not allowed before authentication
   * (agent-connection.ts), so an answer proves it and a 403 close disproves it.
   */
  async #peerAuthenticatedUs(connection: AgentConnection): Promise<boolean> {
    try {
      await connection.request(
        { type: 'agent-status-request', requestId: connection.nextRequestId() },
        'agent-status-response',
      );
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Dials a q2q (WebTransport) session to a discovered, authenticated peer (lp2p-draft: a new QUIC connection with
   * the agent certificates and ALPN `q2q`), pinned to its fingerprint.
   */
  async dialQuicTransport(fingerprint: string, signal?: AbortSignal): Promise<Session> {
    const agent = this.discovered(fingerprint);
    const address = agent?.addresses[0];
    if (!agent || address === undefined || agent.q2qPort === undefined) {
      throw new AgentError('no-route', `no q2q endpoint known for ${fingerprint}`);
    }
    if (!this.trustStore.isAuthenticated(fingerprint))
      throw new AgentError('unknown-peer', 'the peer is not authenticated');
    return dialQuic({
      host: address,
      port: agent.q2qPort,
      serverName: agent.hostname,
      credentials: this.identity,
      expectedFingerprint: fingerprint,
      alpn: Q2Q_ALPN,
      datagrams: true,
      signal,
    });
  }

  /** Forgets a paired peer and closes its connections: it must pair again. */
  async unpair(fingerprint: string): Promise<boolean> {
    const known = await this.trustStore.unpair(fingerprint);
    const open = [...this.#connections].filter((c) => c.remoteFingerprint === fingerprint);
    await Promise.allSettled(open.map((c) => c.close(CloseCode.NotAllowed, 'unpaired')));
    return known;
  }

  /** Resolves when no discovered agent is still being verified, or after `timeoutMs`. */
  async settled(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#dials.busy > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#dials.stop();
    if (this.#advertising) await this.#advertiser.stop();
    await this.#browser?.stop();
    await Promise.allSettled(
      [...this.#connections].map((c) => c.close(CloseCode.Shutdown, 'agent stopping')),
    );
    await Promise.allSettled(this.#listeners.map((l) => l.close()));
    this.#admission.stop();
  }

  /** Unauthenticated incoming sessions held now (bounded by `OspAgentOptions.admission`). */
  get unauthenticatedSessions(): number {
    return this.#admission.unauthenticated;
  }

  #openConnection(
    fingerprint: string,
    transport: ConnectOptions['transport'],
    dialledOnly = false,
  ): AgentConnection | undefined {
    const wanted = transport ?? 'auto';
    return [...this.#connections].find(
      (c) =>
        c.remoteFingerprint === fingerprint &&
        !c.isClosed &&
        (!dialledOnly || c.session.isClient) &&
        (wanted === 'auto' || c.session.kind === wanted),
    );
  }

  /** A connection handed to a caller: a verification dial still running on it must leave it open. */
  #own(connection: AgentConnection): AgentConnection {
    this.#verificationOnly.delete(connection);
    return connection;
  }

  async #startDiscovery(): Promise<void> {
    if (this.#browser) {
      const onChange = (event: Event) => {
        const agent = (event as Event & { agent?: DiscoveredAgent }).agent;
        if (agent) this.#rememberName(agent);
        this.dispatchEvent(new Event('peerschange'));
        if (agent && event.type === 'agentdown') {
          if (!this.discovered(agent.fingerprint)) this.#dials.cancel(agent.fingerprint);
        } else if (agent && (this.#options.verifyDiscovered ?? true)) this.#verify(agent);
      };
      for (const type of ['agentup', 'agentchanged', 'agentdown'])
        this.#browser.addEventListener(type, onChange);
      await this.#browser.start();
    }
    if (this.#options.advertise ?? true) await this.startAdvertising();
  }

  /** Queues a verification dial; {@link VerificationDials} bounds how many and how often. */
  #verify(agent: DiscoveredAgent): void {
    if (agent.fingerprint === this.fingerprint || this.#infoFor(agent)) return;
    this.#dials.request(agent);
  }

  /**
   * Runs one verification dial now, as discovery does for each agent it finds (tests use it without mDNS).
   * @internal
   */
  verifyNow(agent: DiscoveredAgent, signal?: AbortSignal): Promise<void> {
    return this.#verifyNow(agent, signal ?? new AbortController().signal);
  }

  /**
   * Fetches agent-info on demand and closes again (osp-application: close with 5139 when not needed), unless
   * connect()/pair() took the connection over while the dial ran: it is theirs then, not ours to close.
   */
  async #verifyNow(agent: DiscoveredAgent, signal: AbortSignal): Promise<void> {
    if (this.#stopped || this.#infoFor(agent)) return;
    try {
      const connection = await this.#connectTo(agent, { transport: 'quic', signal }, true);
      if (this.#verificationOnly.delete(connection))
        await connection.close(CloseCode.NotNeeded, 'metadata fetched');
    } catch {
      // Unverified stays unverified; the name is shown as such.
    }
  }

  #discovered(): DiscoveredAgent[] {
    return this.#browser?.agents() ?? [];
  }

  #infoFor(agent: DiscoveredAgent): AgentInfo | undefined {
    const known = this.#verifiedInfo.get(agent.fingerprint);
    return known && known.metadataVersion >= agent.metadataVersion ? known.info : undefined;
  }

  #rememberName(agent: DiscoveredAgent): void {
    const names = this.#namesSeen.get(agent.fingerprint) ?? new Set<string>();
    if (names.size < 16) names.add(agent.instanceName); // Bounded: a flooding responder cannot grow it.
    this.#namesSeen.set(agent.fingerprint, names);
  }

  #suspicion(fingerprint: string, address?: string) {
    return suspicionReasons(fingerprint, {
      discovered: this.#discovered(),
      trusted: this.trustStore.list(),
      namesSeen: this.#namesSeen,
      failures: this.#guard.failures(address === undefined ? fingerprint : { fingerprint, address }),
    });
  }

  async #acceptLoop(listener: SessionListener): Promise<void> {
    const reader = listener.incomingSessions.getReader();
    for (;;) {
      const { value: session, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !session) return;
      const connection = await this.#adopt(session, undefined, true);
      if (connection.isClosed) continue;
      // The dialer may be a listening agent that does not advertise: learn its name too (unverified until paired).
      connection.fetchAgentInfo().catch(() => {});
    }
  }

  async #acceptQuicTransports(listener: SessionListener): Promise<void> {
    for await (const session of listener.incomingSessions)
      this.dispatchEvent(new QuicTransportSessionEvent(session));
  }

  async #adopt(
    session: Session,
    pinnedFingerprint: string | undefined,
    incoming = false,
    verificationOnly = false,
  ): Promise<AgentConnection> {
    const remoteFingerprint = pinnedFingerprint ?? agentFingerprint(session.remoteCertificate);
    // Decided before the first stream is read, so a trusted peer's first message never meets the pre-auth gate.
    await this.trustStore.refresh().catch(() => {});
    const connection = new AgentConnection({
      session: incoming ? this.#admission.watch(session) : session,
      localInfo: () => this.agentInfo(),
      nextRequestId: () => ++this.#requestId,
      remoteFingerprint,
      authenticated: this.trustStore.isAuthenticated(remoteFingerprint),
    });
    if (incoming) this.#admission.admit(connection);
    // Marked before anyone can find it in #connections, so a caller that does takes it over.
    if (verificationOnly) this.#verificationOnly.add(connection);
    this.#connections.add(connection);
    connection.addEventListener('close', () => this.#connections.delete(connection));
    await this.#pairing.attach(connection);
    this.dispatchEvent(new ConnectionEvent(connection));
    return connection;
  }

  #onPairingOutcome(connection: AgentConnection, error: AuthenticationError | undefined): void {
    this.dispatchEvent(
      new PairingEvent(error ? 'pairingfailed' : 'paired', connection.remoteFingerprint, error),
    );
  }
}
