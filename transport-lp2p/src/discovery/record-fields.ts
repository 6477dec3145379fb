import type { Answer } from 'dns-packet';
import { sameName } from './mdns-responder.ts';
import { SERVICE_TYPE } from './service-records.ts';
import { isPort } from './txt-record.ts';

/** Lower-cased `.<service type>` suffix every OSP service instance name ends with. */
export const INSTANCE_SUFFIX = `.${SERVICE_TYPE}`.toLowerCase();
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** The part of an SRV record the cache keeps. */
export interface SrvTarget {
  readonly port: number;
  /** SRV target lower-cased, to match A record names. */
  readonly target: string;
  /** SRV target as sent: the agent hostname of osp-network §Computing the Agent Hostname. */
  readonly hostname: string;
}

// Records come from the network: each reader checks the shape itself and returns undefined when it is wrong.

/** The instance name a `_openscreen._udp` PTR points to, or `undefined`. */
export function ptrInstance(record: Answer): string | undefined {
  if (record.type !== 'PTR' || !sameName(record.name, SERVICE_TYPE) || typeof record.data !== 'string') {
    return undefined;
  }
  const key = record.data.toLowerCase();
  return key.length > INSTANCE_SUFFIX.length && key.endsWith(INSTANCE_SUFFIX) ? record.data : undefined;
}

export function srvTarget(record: Answer): SrvTarget | undefined {
  if (record.type !== 'SRV') return undefined;
  const { port, target } = (record.data ?? {}) as { port?: unknown; target?: unknown };
  if (typeof target !== 'string' || typeof port !== 'number' || !isPort(port)) return undefined;
  return { port, target: target.toLowerCase(), hostname: target };
}

export function ipv4Address(record: Answer): string | undefined {
  return record.type === 'A' && typeof record.data === 'string' && IPV4.test(record.data)
    ? record.data
    : undefined;
}

/** DNS TTLs are 32-bit unsigned seconds (RFC 2181 §8); anything else counts as a goodbye. */
export function ttlOf(record: Answer): number {
  const ttl = 'ttl' in record ? record.ttl : undefined;
  return typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 ? Math.min(ttl, 0xffffffff) : 0;
}
