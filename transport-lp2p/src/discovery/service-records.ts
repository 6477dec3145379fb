import type { Answer } from 'dns-packet';

/** osp-network §Discovery with mDNS: the DNS-SD service every OSP agent uses. */
export const SERVICE_TYPE = '_openscreen._udp.local';
/** RFC 6763 §9: the meta-query that enumerates service types. */
const SERVICE_ENUMERATION = '_services._dns-sd._udp.local';

/** RFC 6762 §10: 120 s for records that carry a host name, 75 minutes for the rest. */
const HOST_RECORD_TTL = 120;
const OTHER_RECORD_TTL = 75 * 60;

export interface ServiceRecordInput {
  /** The instance label (first label of the service instance name). */
  readonly instance: string;
  /** Target host name of the SRV record, ending in `.local`. */
  readonly hostName: string;
  readonly port: number;
  readonly txt: Buffer[];
  readonly addresses: readonly string[];
  /** One TTL (seconds) for every record; the RFC 6762 §10 defaults when absent. */
  readonly ttl?: number;
}

/** Full service instance name: `<instance>._openscreen._udp.local`. */
export function instanceFqdn(instance: string): string {
  return `${instance}.${SERVICE_TYPE}`;
}

/** The PTR, SRV, TXT and A records that advertise one agent (RFC 6763 §4, §5, §6). */
export function buildServiceRecords(input: ServiceRecordInput): Answer[] {
  const fqdn = instanceFqdn(input.instance);
  const hostTtl = input.ttl ?? HOST_RECORD_TTL;
  const otherTtl = input.ttl ?? OTHER_RECORD_TTL;
  // Unique records carry the cache-flush bit so browsers drop stale values at once (RFC 6762 §10.2);
  // PTR records are shared and must not.
  return [
    { name: SERVICE_TYPE, type: 'PTR', ttl: otherTtl, data: fqdn },
    { name: SERVICE_ENUMERATION, type: 'PTR', ttl: otherTtl, data: SERVICE_TYPE },
    {
      name: fqdn,
      type: 'SRV',
      ttl: hostTtl,
      flush: true,
      data: { priority: 0, weight: 0, port: input.port, target: input.hostName },
    },
    { name: fqdn, type: 'TXT', ttl: otherTtl, flush: true, data: input.txt },
    ...input.addresses.map(
      (address): Answer => ({ name: input.hostName, type: 'A', ttl: hostTtl, flush: true, data: address }),
    ),
  ];
}

/**
 * The same records with TTL 0: a goodbye (RFC 6762 §10.1). The service-enumeration PTR is left out: it is
 * shared with every other OSP advertiser on this host.
 */
export function goodbyeRecords(records: readonly Answer[]): Answer[] {
  return records
    .filter((record) => record.name !== SERVICE_ENUMERATION)
    .map((record) => ({ ...record, ttl: 0 }) as Answer);
}
