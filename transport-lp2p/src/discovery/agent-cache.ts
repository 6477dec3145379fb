import type { Answer, Question } from 'dns-packet';
import type { DiscoveredAgent } from './discovered-agent.ts';
import {
  INSTANCE_SUFFIX,
  ipv4Address,
  ptrInstance,
  type SrvTarget,
  srvTarget,
  ttlOf,
} from './record-fields.ts';
import { RecordStore, ResponderQuota } from './record-store.ts';
import { SERVICE_TYPE } from './service-records.ts';
import { decodeOspTxt, type ParsedOspTxt } from './txt-record.ts';

export interface CacheLimits {
  readonly maxRecordsPerResponder: number;
  readonly maxRecords: number;
}

/**
 * The browser's mDNS cache for `_openscreen._udp` (RFC 6762 §10): PTR, SRV, TXT and A records with their TTLs,
 * turned into {@link DiscoveredAgent} views. Pure: the caller passes the clock and does the I/O.
 * Instance keys are lower-cased service instance names.
 */
export class AgentCache {
  readonly #quota: ResponderQuota;
  readonly #ptr: RecordStore<string>;
  readonly #srv: RecordStore<SrvTarget>;
  readonly #txt: RecordStore<ParsedOspTxt | undefined>;
  /** Keyed by `<host> <address>`, host lower-cased. */
  readonly #addr: RecordStore<string>;

  constructor(limits: CacheLimits) {
    this.#quota = new ResponderQuota(limits.maxRecordsPerResponder, limits.maxRecords);
    this.#ptr = new RecordStore(this.#quota);
    this.#srv = new RecordStore(this.#quota);
    this.#txt = new RecordStore(this.#quota);
    this.#addr = new RecordStore(this.#quota);
  }

  /** Caches the relevant records of one response; returns the instance keys whose view may have changed. */
  ingest(received: readonly Answer[], responder: string, now: number): Set<string> {
    const touched = new Set<string>();
    const records = received.filter((r) => typeof r?.name === 'string');
    // PTRs first, so SRV/TXT are kept only for instances of our service, then A only for cached SRV targets.
    for (const r of records) {
      const instance = ptrInstance(r);
      const key = instance?.toLowerCase();
      if (instance && key && this.#ptr.put(key, instance, ttlOf(r), responder, now)) touched.add(key);
    }
    for (const r of records) {
      const key = r.name.toLowerCase();
      if (!this.#ptr.get(key)) continue;
      const srv = srvTarget(r);
      if (srv && this.#srv.put(key, srv, ttlOf(r), responder, now)) touched.add(key);
      // An invalid TXT still replaces the old one, so the agent drops out rather than keeping stale values.
      const txt = r.type === 'TXT' ? decodeOspTxt(Array.isArray(r.data) ? r.data : []) : undefined;
      if (r.type === 'TXT' && this.#txt.put(key, txt, ttlOf(r), responder, now)) touched.add(key);
    }
    const targets = this.#targets();
    for (const r of records) {
      const address = ipv4Address(r);
      const host = r.name.toLowerCase();
      const instances = targets.get(host);
      if (!address || !instances) continue;
      if ('flush' in r && r.flush) this.#flushHost(host, address, now);
      if (this.#addr.put(`${host} ${address}`, address, ttlOf(r), responder, now)) {
        for (const key of instances) touched.add(key);
      }
    }
    return touched;
  }

  /** Drops expired records; returns the instance keys whose view may have changed. */
  sweep(now: number): Set<string> {
    const touched = new Set([...this.#ptr.sweep(now), ...this.#srv.sweep(now), ...this.#txt.sweep(now)]);
    const hosts = new Set(this.#addr.sweep(now).map(hostOf));
    for (const [host, instances] of this.#targets()) {
      if (hosts.has(host)) for (const key of instances) touched.add(key);
    }
    return touched;
  }

  /** The complete, valid agent for an instance key, or `undefined`. */
  view(key: string): DiscoveredAgent | undefined {
    const ptr = this.#ptr.get(key);
    const srv = this.#srv.get(key);
    const txt = this.#txt.get(key);
    if (!ptr || !srv || !txt?.value) return undefined;
    const addresses: string[] = [];
    let lastSeen = Math.max(ptr.receivedAt, srv.receivedAt, txt.receivedAt);
    for (const [addressKey, record] of this.#addr.entries()) {
      if (hostOf(addressKey) !== srv.value.target) continue;
      addresses.push(record.value);
      lastSeen = Math.max(lastSeen, record.receivedAt);
    }
    if (addresses.length === 0) return undefined;
    const { fingerprint, metadataVersion, authToken, tcpPort, q2qPort, txt: map } = txt.value;
    const instanceName = ptr.value.slice(0, ptr.value.length - INSTANCE_SUFFIX.length);
    const { port, hostname } = srv.value;
    const agent = { instanceName, hostname, fingerprint, metadataVersion, authToken, port, txt: map };
    return {
      ...agent,
      addresses: addresses.sort(),
      ...(tcpPort !== undefined && { tcpPort }),
      ...(q2qPort !== undefined && { q2qPort }),
      lastSeen,
    };
  }

  /** Instance keys with a cached PTR. */
  keys(): Set<string> {
    return new Set([...this.#ptr.entries()].map(([key]) => key));
  }

  /** Questions for the records due for a refresh query now (RFC 6762 §5.2); advances the schedule. */
  takeRefreshDue(now: number): Question[] {
    const questions: Question[] = [];
    if (this.#ptr.takeRefreshDue(now).length > 0) questions.push({ name: SERVICE_TYPE, type: 'PTR' });
    for (const name of this.#srv.takeRefreshDue(now)) questions.push({ name, type: 'SRV' });
    for (const name of this.#txt.takeRefreshDue(now)) questions.push({ name, type: 'TXT' });
    for (const name of new Set(this.#addr.takeRefreshDue(now).map(hostOf)))
      questions.push({ name, type: 'A' });
    return questions;
  }

  /** Earliest time a record expires or is due for a refresh query. */
  nextDeadline(): number {
    return Math.min(...[this.#ptr, this.#srv, this.#txt, this.#addr].map((store) => store.nextDeadline()));
  }

  /**
   * PTRs we hold with more than half their TTL left, to list as known answers in a query (RFC 6762 §7.1) so
   * responders skip them. At most `max`, keeping the query within one packet.
   */
  knownAnswers(now: number, max = 32): Answer[] {
    const known: Answer[] = [];
    for (const [, record] of this.#ptr.entries()) {
      const remaining = record.expiresAt - now;
      if (remaining <= record.ttlMs / 2) continue;
      known.push({ name: SERVICE_TYPE, type: 'PTR', ttl: Math.floor(remaining / 1000), data: record.value });
      if (known.length === max) break;
    }
    return known;
  }

  /** Records currently charged to a responder. */
  recordCount(responder: string): number {
    return this.#quota.count(responder);
  }

  #targets(): Map<string, string[]> {
    const targets = new Map<string, string[]>();
    for (const [key, { value }] of this.#srv.entries()) {
      targets.set(value.target, [...(targets.get(value.target) ?? []), key]);
    }
    return targets;
  }

  // RFC 6762 §10.2: a cache-flush record retires the host's other addresses received over a second ago.
  #flushHost(host: string, keep: string, now: number): void {
    for (const [key, record] of this.#addr.entries()) {
      if (hostOf(key) === host && record.value !== keep && record.receivedAt < now - 1000)
        this.#addr.retire(key, now);
    }
  }
}

function hostOf(addressKey: string): string {
  return addressKey.slice(0, addressKey.indexOf(' '));
}
