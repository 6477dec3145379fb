import { isIPv4 } from 'node:net';
import { InvalidDiscoveryOptionsError } from '../errors/index.ts';
import { isAgentFingerprint } from '../identity/index.ts';
import { isAuthToken } from './auth-token.ts';
import { isPort } from './txt-record.ts';

/** What an {@link OspAdvertiser} publishes. */
export interface AdvertiseOptions {
  /** IPv4 address of the interface to advertise on; all interfaces when absent. */
  interfaceAddress?: string;
  /** Display name; the instance name is its prefix (osp-network §Discovery with mDNS). */
  displayName: string;
  /** Agent fingerprint, the `fp` TXT value. */
  fingerprint: string;
  /** QUIC port, published in the SRV record. */
  port: number;
  /** TLS-over-TCP port, published as the `tcp` TXT key (Offgrid extension). */
  tcpPort?: number;
  /** UDP port of the `q2q` QUIC listener, published as the `q2q` TXT key (Offgrid extension). */
  q2qPort?: number;
  /** TCP port of the Local HTTPS service, published as the `https` TXT key (Offgrid extension). */
  httpsPort?: number;
  /** `at` TXT value; a fresh {@link generateAuthToken} when absent. */
  authToken?: string;
  /** Initial `mv`; 1 when absent. Persist it across restarts so it keeps growing. */
  metadataVersion?: number;
  /** SRV target host name, normally the agent hostname (osp-network §Computing the Agent Hostname). */
  hostname?: string;
  /** TTL in seconds for every record; RFC 6762 §10 defaults (120 s / 75 min) when absent. */
  ttl?: number;
}

/** Throws {@link InvalidDiscoveryOptionsError} for options that would publish an unusable advertisement. */
export function validateAdvertiseOptions(options: AdvertiseOptions): void {
  const fail = (message: string) => {
    throw new InvalidDiscoveryOptionsError(message);
  };
  if (options.displayName.length === 0) fail('displayName must not be empty');
  if (!isAgentFingerprint(options.fingerprint)) fail('fingerprint must be 44 characters of base64 (SHA-256)');
  if (!isPort(options.port)) fail(`port ${options.port} is not a port number`);
  if (options.tcpPort !== undefined && !isPort(options.tcpPort))
    fail(`tcpPort ${options.tcpPort} is invalid`);
  if (options.q2qPort !== undefined && !isPort(options.q2qPort))
    fail(`q2qPort ${options.q2qPort} is invalid`);
  if (options.httpsPort !== undefined && !isPort(options.httpsPort))
    fail(`httpsPort ${options.httpsPort} is invalid`);
  if (options.authToken !== undefined && !isAuthToken(options.authToken)) {
    fail('authToken must be at least 6 characters of [A-Za-z0-9+/]');
  }
  const mv = options.metadataVersion;
  if (mv !== undefined && (!Number.isSafeInteger(mv) || mv < 0))
    fail('metadataVersion must be an unsigned integer');
  if (options.interfaceAddress !== undefined && !isIPv4(options.interfaceAddress)) {
    fail('interfaceAddress must be an IPv4 address');
  }
  if (
    options.ttl !== undefined &&
    !(Number.isInteger(options.ttl) && options.ttl > 0 && options.ttl <= 0x7fffffff)
  ) {
    fail('ttl must be a positive integer number of seconds');
  }
}
