import type { CachedRecord } from './cached-record.ts';
import type { DiscoveredAgent } from './discovered-agent.ts';
import { INSTANCE_SUFFIX, type SrvTarget } from './record-fields.ts';
import type { ParsedOspTxt } from './txt-record.ts';

/** What one responder says about one instance name: the unit the cache keeps, views and evicts. */
export interface Source {
  readonly responder: string;
  readonly instanceKey: string;
  readonly ptr: CachedRecord<string>;
  srv?: CachedRecord<SrvTarget>;
  txt?: CachedRecord<ParsedOspTxt | undefined>;
  /** A records of the SRV target, keyed by address. */
  readonly addresses: Map<string, CachedRecord<string>>;
}

/** The cache key of what `responder` advertises under an instance name (lower-cased service instance name). */
export function agentKey(responder: string, instanceKey: string): string {
  return `${responder} ${instanceKey}`;
}

/** Records a source holds: PTR, SRV, TXT and its addresses. */
export function recordsOf(source: Source): number {
  return 1 + (source.srv ? 1 : 0) + (source.txt ? 1 : 0) + source.addresses.size;
}

/** When a record of the source last arrived. */
export function lastHeard(source: Source): number {
  let heard = source.ptr.receivedAt;
  for (const record of [source.srv, source.txt, ...source.addresses.values()])
    if (record) heard = Math.max(heard, record.receivedAt);
  return heard;
}

/** The complete, valid agent a source describes, or `undefined` while records are missing or invalid. */
export function sourceView(source: Source): DiscoveredAgent | undefined {
  const { ptr, srv, txt } = source;
  if (!srv || !txt?.value || source.addresses.size === 0) return undefined;
  const records = [...source.addresses.values()];
  const lastSeen = lastHeard(source);
  const { fingerprint, metadataVersion, authToken, tcpPort, q2qPort, txt: map } = txt.value;
  const instanceName = ptr.value.slice(0, ptr.value.length - INSTANCE_SUFFIX.length);
  const { port, hostname } = srv.value;
  const agent = { instanceName, hostname, fingerprint, metadataVersion, authToken, port, txt: map };
  return {
    ...agent,
    addresses: records.map((r) => r.value).sort(),
    ...(tcpPort !== undefined && { tcpPort }),
    ...(q2qPort !== undefined && { q2qPort }),
    lastSeen,
  };
}
