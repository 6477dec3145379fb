import type { Answer, Question } from 'dns-packet';
import { agentKey, recordsOf, type Source, sourceView } from './agent-source.ts';
import { chooseVictim, KEEP_ALWAYS } from './cache-eviction.ts';
import {
  type CachedRecord,
  newRecord,
  recordDeadline,
  renewRecord,
  retireRecord,
  takeRefreshDue,
} from './cached-record.ts';
import type { DiscoveredAgent } from './discovered-agent.ts';
import { ipv4Address, ptrInstance, srvTarget, ttlOf } from './record-fields.ts';
import { SERVICE_TYPE } from './service-records.ts';
import { decodeOspTxt } from './txt-record.ts';

export { agentKey } from './agent-source.ts';
export { KEEP_ALWAYS };

export interface CacheLimits {
  /** Records charged to one responder address (osp-network §Denial of service). */
  readonly maxRecordsPerResponder: number;
  readonly maxRecords: number;
  /** Agents (instance name × responder) held at once; default `maxRecords / 4`, PTR + SRV + TXT + A each. */
  readonly maxAgents?: number;
}

/** Parts the caller supplies; both are asked at ingest time, so their answers may change. */
export interface CacheParts {
  /**
   * How much an agent is worth keeping when the cache is full: 0 unverified, 1 verified, {@link KEEP_ALWAYS}
   * trusted. Lower ranks are evicted first. Default: 0 for all.
   */
  readonly rank?: (fingerprint: string) => number;
  /** Whether an A record's address may be used, given the responder that sent it. Default: any. */
  readonly usableAddress?: (address: string, responder: string) => boolean;
}

/**
 * The browser's mDNS cache for `_openscreen._udp` (RFC 6762 §10): PTR, SRV, TXT and A records with their TTLs,
 * turned into {@link DiscoveredAgent} views. Pure: the caller passes the clock and does the I/O.
 *
 * Each responder's records are kept apart ({@link agentKey}): a second host announcing a name already in use
 * adds an agent instead of replacing the first one's SRV, TXT and addresses. Records are charged to their
 * responder address; when the cache is full, a newcomer evicts the least valuable agent: unverified before
 * verified, trusted never, from the heaviest sender (by address, or by fingerprint or host name when aliases
 * share them), the least recently heard first. A flood from many address aliases of one host so displaces only
 * itself, never an agent with fewer records.
 */
export class AgentCache {
  readonly #limits: Required<CacheLimits>;
  readonly #rank: (fingerprint: string) => number;
  readonly #usableAddress: (address: string, responder: string) => boolean;
  readonly #sources = new Map<string, Source>();
  readonly #counts = new Map<string, number>();
  #size = 0;

  constructor(limits: CacheLimits, parts: CacheParts = {}) {
    this.#limits = { maxAgents: Math.max(1, Math.floor(limits.maxRecords / 4)), ...limits };
    this.#rank = parts.rank ?? (() => 0);
    this.#usableAddress = parts.usableAddress ?? (() => true);
  }

  /** Caches the relevant records of one response; returns the keys of agents whose view may have changed. */
  ingest(received: readonly Answer[], responder: string, now: number): Set<string> {
    const touched = new Set<string>();
    const records = received.filter((r) => typeof r?.name === 'string');
    // PTRs first, so SRV/TXT are kept only for instances of our service, then A only for cached SRV targets.
    for (const r of records) {
      const instance = ptrInstance(r);
      if (instance) this.#putPtr(instance, ttlOf(r), responder, now, touched);
    }
    for (const r of records) {
      const key = agentKey(responder, r.name.toLowerCase());
      const source = this.#sources.get(key);
      if (!source) continue;
      const srv = srvTarget(r);
      if (srv) this.#putSlot(source, 'srv', srv, ttlOf(r), now, touched);
      // An invalid TXT still replaces the old one, so the agent drops out rather than keeping stale values.
      if (r.type === 'TXT') {
        const txt = decodeOspTxt(Array.isArray(r.data) ? r.data : []);
        this.#putSlot(source, 'txt', txt, ttlOf(r), now, touched);
      }
    }
    for (const r of records) {
      const address = ipv4Address(r);
      if (!address || !this.#usableAddress(address, responder)) continue;
      const host = r.name.toLowerCase();
      for (const source of this.#sources.values()) {
        if (source.responder !== responder || source.srv?.value.target !== host) continue;
        if ('flush' in r && r.flush) this.#flushHost(source, address, now);
        this.#putAddress(source, address, ttlOf(r), now, touched);
      }
    }
    return touched;
  }

  /** Drops expired records; returns the keys of agents whose view may have changed. */
  sweep(now: number): Set<string> {
    const touched = new Set<string>();
    for (const [key, source] of this.#sources) {
      if (source.ptr.expiresAt <= now) {
        this.#remove(key);
        touched.add(key);
        continue;
      }
      for (const slot of ['srv', 'txt'] as const) {
        if ((source[slot]?.expiresAt ?? Number.POSITIVE_INFINITY) > now) continue;
        source[slot] = undefined;
        this.#refund(source.responder, 1);
        touched.add(key);
      }
      for (const [address, record] of source.addresses) {
        if (record.expiresAt > now) continue;
        source.addresses.delete(address);
        this.#refund(source.responder, 1);
        touched.add(key);
      }
    }
    return touched;
  }

  /** The complete, valid agent for a key, or `undefined`. */
  view(key: string): DiscoveredAgent | undefined {
    const source = this.#sources.get(key);
    return source && sourceView(source);
  }

  /** Keys of the agents cached (complete or not). */
  keys(): Set<string> {
    return new Set(this.#sources.keys());
  }

  /** Questions for the records due for a refresh query now (RFC 6762 §5.2); advances the schedule. */
  takeRefreshDue(now: number): Question[] {
    const questions = new Map<string, Question>();
    const ask = (name: string, type: Question['type']) =>
      questions.set(`${type} ${name.toLowerCase()}`, { name, type });
    for (const source of this.#sources.values()) {
      if (takeRefreshDue(source.ptr, now)) ask(SERVICE_TYPE, 'PTR');
      if (source.srv && takeRefreshDue(source.srv, now)) ask(source.ptr.value, 'SRV');
      if (source.txt && takeRefreshDue(source.txt, now)) ask(source.ptr.value, 'TXT');
      for (const record of source.addresses.values()) {
        if (takeRefreshDue(record, now) && source.srv) ask(source.srv.value.target, 'A');
      }
    }
    return [...questions.values()];
  }

  /** Earliest time a record expires or is due for a refresh query. */
  nextDeadline(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const { ptr, srv, txt, addresses } of this.#sources.values()) {
      for (const record of [ptr, srv, txt, ...addresses.values()])
        if (record) next = Math.min(next, recordDeadline(record));
    }
    return next;
  }

  /**
   * PTRs we hold with more than half their TTL left, to list as known answers in a query (RFC 6762 §7.1) so
   * responders skip them. At most `max`, keeping the query within one packet.
   */
  knownAnswers(now: number, max = 32): Answer[] {
    const known = new Map<string, Answer>();
    for (const { ptr } of this.#sources.values()) {
      const remaining = ptr.expiresAt - now;
      if (remaining <= ptr.ttlMs / 2 || known.has(ptr.value.toLowerCase())) continue;
      const ttl = Math.floor(remaining / 1000);
      known.set(ptr.value.toLowerCase(), { name: SERVICE_TYPE, type: 'PTR', ttl, data: ptr.value });
      if (known.size === max) break;
    }
    return [...known.values()];
  }

  /** Records currently charged to a responder. */
  recordCount(responder: string): number {
    return this.#counts.get(responder) ?? 0;
  }

  #putPtr(instance: string, ttl: number, responder: string, now: number, touched: Set<string>): void {
    const key = agentKey(responder, instance.toLowerCase());
    const existing = this.#sources.get(key);
    if (existing) {
      if (ttl === 0) retireRecord(existing.ptr, now);
      else renewRecord(existing.ptr, instance, ttl, now);
      touched.add(key);
      return;
    }
    if (ttl === 0 || !this.#charge(responder, key, true, touched)) return;
    const ptr = newRecord(instance, ttl, now);
    this.#sources.set(key, { responder, instanceKey: instance.toLowerCase(), ptr, addresses: new Map() });
    touched.add(key);
  }

  #putSlot<S extends 'srv' | 'txt'>(
    source: Source,
    slot: S,
    value: NonNullable<Source[S]>['value'],
    ttl: number,
    now: number,
    touched: Set<string>,
  ): void {
    const key = agentKey(source.responder, source.instanceKey);
    const existing = source[slot] as CachedRecord<typeof value> | undefined;
    if (existing) {
      if (ttl === 0) retireRecord(existing, now);
      else renewRecord(existing, value, ttl, now);
      touched.add(key);
      return;
    }
    if (ttl === 0 || !this.#charge(source.responder, key, false, touched)) return;
    (source as { [K in S]?: CachedRecord<typeof value> })[slot] = newRecord(value, ttl, now);
    touched.add(key);
  }

  #putAddress(source: Source, address: string, ttl: number, now: number, touched: Set<string>): void {
    const key = agentKey(source.responder, source.instanceKey);
    const existing = source.addresses.get(address);
    if (existing) {
      if (ttl === 0) retireRecord(existing, now);
      else renewRecord(existing, address, ttl, now);
      touched.add(key);
      return;
    }
    if (ttl === 0 || !this.#charge(source.responder, key, false, touched)) return;
    source.addresses.set(address, newRecord(address, ttl, now));
    touched.add(key);
  }

  /**
   * Makes room for one more record of `responder` (and a new agent when `newAgent`), evicting other agents when
   * the cache is full. False when the responder is over its own quota or nothing may be evicted.
   */
  #charge(responder: string, growing: string, newAgent: boolean, touched: Set<string>): boolean {
    const count = this.#counts.get(responder) ?? 0;
    if (count >= this.#limits.maxRecordsPerResponder) return false;
    while (
      this.#size >= this.#limits.maxRecords ||
      (newAgent && this.#sources.size >= this.#limits.maxAgents)
    ) {
      const victim = chooseVictim(this.#sources, this.#counts, this.#rank, growing);
      if (victim === undefined) return false;
      this.#remove(victim);
      touched.add(victim);
    }
    this.#counts.set(responder, (this.#counts.get(responder) ?? 0) + 1);
    this.#size += 1;
    return true;
  }

  #remove(key: string): void {
    const source = this.#sources.get(key);
    if (!source) return;
    this.#sources.delete(key);
    this.#refund(source.responder, recordsOf(source));
  }

  #refund(responder: string, records: number): void {
    const count = (this.#counts.get(responder) ?? 0) - records;
    if (count > 0) this.#counts.set(responder, count);
    else this.#counts.delete(responder);
    this.#size -= records;
  }

  /**
   * RFC 6762 §10.2: a cache-flush record retires the host's other addresses received over a second ago. The same
   * agent (instance and fingerprint) heard before from another address of its host moved: retire those too.
   */
  #flushHost(source: Source, keep: string, now: number): void {
    const host = source.srv?.value.target;
    const fingerprint = source.txt?.value?.fingerprint;
    for (const other of this.#sources.values()) {
      const sameAgent =
        other === source ||
        (other.instanceKey === source.instanceKey &&
          fingerprint !== undefined &&
          other.txt?.value?.fingerprint === fingerprint);
      if (!sameAgent || other.srv?.value.target !== host) continue;
      for (const [address, record] of other.addresses) {
        if (address !== keep && record.receivedAt < now - 1000) retireRecord(record, now);
      }
    }
  }
}
