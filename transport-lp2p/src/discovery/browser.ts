import type { RemoteInfo } from 'node:dgram';
import { isIPv4 } from 'node:net';
import type makeMdns from 'multicast-dns';
import { DiscoveryStateError, InvalidDiscoveryOptionsError } from '../errors/index.ts';
import { AgentCache } from './agent-cache.ts';
import { AgentEvent, type AgentEventType } from './agent-event.ts';
import { agentChanged, type DiscoveredAgent } from './discovered-agent.ts';
import { MdnsHost } from './mdns-host.ts';
import { OnLinkFilter } from './on-link.ts';
import { SERVICE_TYPE } from './service-records.ts';

/** Options of {@link OspBrowser}. */
export interface BrowseOptions {
  /** IPv4 address of the interface to browse on; all interfaces when absent. */
  interfaceAddress?: string;
  /** Records cached per responder address (osp-network §Denial of service); default 64. */
  maxRecordsPerResponder?: number;
  /** Agents tracked at once; default 256. The record cache holds at most 8 records per agent. */
  maxAgents?: number;
  /**
   * How much an agent is worth keeping when the cache is full, by fingerprint: 0 unverified (evicted first), 1
   * verified, 2 trusted (never evicted). Default 0 for all.
   */
  keepRank?: (fingerprint: string) => number;
}

/** RFC 6762 §5.2: first interval at least 1 s, then at least doubling, capped at 60 minutes. */
const FIRST_REQUERY_MS = 1000;
const MAX_REQUERY_MS = 60 * 60 * 1000;
/** setTimeout fires at once for delays above 2^31 - 1 ms. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * Browses `_openscreen._udp` over mDNS (osp-network §Discovery with mDNS) and keeps a live list of agents.
 * Dispatches {@link AgentEvent}s: `agentup`, `agentchanged`, `agentdown`. Records expire by TTL, so agents
 * that vanish without a goodbye go down too. What each responder address announces is kept apart: two hosts
 * announcing one instance name are two agents (with their own fingerprints), never one overwritten by the other.
 *
 * @example
 * const browser = new OspBrowser({ interfaceAddress: '10.0.0.2' });
 * browser.addEventListener('agentup', (event) => console.log((event as AgentEvent).agent));
 * await browser.start();
 */
export class OspBrowser extends EventTarget {
  readonly #interfaceAddress: string | undefined;
  readonly #cache: AgentCache;
  readonly #agents = new Map<string, DiscoveredAgent>();
  #host: MdnsHost | undefined;
  #unsubscribe: (() => void) | undefined;
  #queryTimer: NodeJS.Timeout | undefined;
  #deadlineTimer: NodeJS.Timeout | undefined;
  #state: 'idle' | 'running' | 'stopped' = 'idle';

  constructor(options: BrowseOptions = {}) {
    super();
    const { interfaceAddress, maxRecordsPerResponder = 64, maxAgents = 256, keepRank } = options;
    if (interfaceAddress !== undefined && !isIPv4(interfaceAddress)) {
      throw new InvalidDiscoveryOptionsError('interfaceAddress must be an IPv4 address');
    }
    if (!(Number.isInteger(maxRecordsPerResponder) && maxRecordsPerResponder > 0)) {
      throw new InvalidDiscoveryOptionsError('maxRecordsPerResponder must be a positive integer');
    }
    if (!(Number.isInteger(maxAgents) && maxAgents > 0)) {
      throw new InvalidDiscoveryOptionsError('maxAgents must be a positive integer');
    }
    this.#interfaceAddress = interfaceAddress;
    // osp-network §Denial of Service ("get listeners to open a large number of bogus QUIC connections"): an A
    // record may only name a unicast neighbour on the link it came from, never loopback, broadcast or the Internet.
    const onLink = new OnLinkFilter(interfaceAddress);
    this.#cache = new AgentCache(
      { maxRecordsPerResponder, maxRecords: maxAgents * 8, maxAgents },
      {
        rank: keepRank,
        usableAddress: (address, responder) => onLink.isUnicastNeighbour(address, responder),
      },
    );
  }

  /** Opens (or shares) the mDNS socket and starts querying. A failed start leaves the browser stopped. */
  async start(): Promise<void> {
    if (this.#state !== 'idle')
      throw new DiscoveryStateError(`cannot start a browser that is ${this.#state}`);
    this.#state = 'running';
    const host = await MdnsHost.acquire(this.#interfaceAddress).catch((error: unknown) => {
      this.#state = 'stopped';
      throw error;
    });
    if (this.#state !== 'running') {
      // stop() ran while the socket was opening.
      await host.release();
      return;
    }
    this.#host = host;
    this.#unsubscribe = host.onResponse((packet, rinfo) => this.#onResponse(packet, rinfo));
    this.#query(FIRST_REQUERY_MS);
  }

  /** Stops querying and releases the socket. Known agents stay in {@link agents} but get no more events. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    clearTimeout(this.#queryTimer);
    clearTimeout(this.#deadlineTimer);
    this.#unsubscribe?.();
    await this.#host?.release();
    this.#host = undefined;
  }

  /** The agents currently known: complete, valid and not expired. */
  agents(): DiscoveredAgent[] {
    return [...this.#agents.values()];
  }

  #query(nextDelay: number): void {
    const answers = this.#cache.knownAnswers(Date.now());
    void this.#host?.query([{ name: SERVICE_TYPE, type: 'PTR' }], { answers });
    this.#queryTimer = setTimeout(() => this.#query(Math.min(nextDelay * 2, MAX_REQUERY_MS)), nextDelay);
  }

  #onResponse(packet: makeMdns.ResponsePacket, rinfo: RemoteInfo): void {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
    const touched = this.#cache.ingest(records, rinfo.address, Date.now());
    if (touched.size > 0) this.#reconcile(touched);
    this.#scheduleMaintenance();
  }

  #maintain(): void {
    const now = Date.now();
    this.#reconcile(this.#cache.sweep(now));
    const questions = this.#cache.takeRefreshDue(now);
    if (questions.length > 0) void this.#host?.query(questions);
    this.#scheduleMaintenance();
  }

  #scheduleMaintenance(): void {
    if (this.#state !== 'running') return;
    clearTimeout(this.#deadlineTimer);
    const deadline = this.#cache.nextDeadline();
    if (deadline === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(0, deadline - Date.now()), MAX_TIMER_MS);
    this.#deadlineTimer = setTimeout(() => this.#maintain(), delay);
  }

  #reconcile(keys: Iterable<string>): void {
    for (const key of keys) {
      const next = this.#cache.view(key);
      const previous = this.#agents.get(key);
      if (next && previous) {
        this.#agents.set(key, next);
        if (agentChanged(previous, next)) this.#emit('agentchanged', next);
      } else if (next) {
        // The cache holds at most maxAgents, evicting to make room, so this map is bounded too.
        this.#agents.set(key, next);
        this.#emit('agentup', next);
      } else if (!next && previous) {
        this.#agents.delete(key);
        this.#emit('agentdown', previous);
      }
    }
  }

  #emit(type: AgentEventType, agent: DiscoveredAgent): void {
    this.dispatchEvent(new AgentEvent(type, agent));
  }
}
