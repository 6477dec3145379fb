/** An OSP agent seen through mDNS. Everything here is unverified until a session authenticates the peer. */
export interface DiscoveredAgent {
  /** DNS-SD instance name; ends with `\u0000` when truncated (osp-network §Instance and Display Names). */
  instanceName: string;
  /** SRV target: the agent hostname (osp-network §Computing the Agent Hostname), for TLS `server_name`. */
  hostname: string;
  /** `fp` TXT value; the TLS certificate of the peer must match it (osp-network §TLS 1.3). */
  fingerprint: string;
  /** `mv` TXT value. */
  metadataVersion: number;
  /** `at` TXT value, needed to start authentication (osp-network §Remote active network attackers). */
  authToken: string;
  /** IPv4 addresses from the A records of the SRV target, sorted. */
  addresses: string[];
  /** QUIC port from the SRV record. */
  port: number;
  /** TLS-over-TCP port from the `tcp` TXT key (Offgrid extension), when offered. */
  tcpPort?: number;
  /** UDP port for LP2P WebTransport sessions (ALPN `q2q`) from the `q2q` TXT key (Offgrid extension). */
  q2qPort?: number;
  /** Every TXT key/value, keys lower-cased. */
  txt: Readonly<Record<string, string>>;
  /** `Date.now()` when a record of this agent last arrived. */
  lastSeen: number;
}

/** Whether two views of an agent differ in anything but `lastSeen`. */
export function agentChanged(a: DiscoveredAgent, b: DiscoveredAgent): boolean {
  if (
    a.instanceName !== b.instanceName ||
    a.hostname !== b.hostname ||
    a.fingerprint !== b.fingerprint ||
    a.metadataVersion !== b.metadataVersion ||
    a.authToken !== b.authToken ||
    a.port !== b.port ||
    a.tcpPort !== b.tcpPort ||
    a.q2qPort !== b.q2qPort ||
    a.addresses.join() !== b.addresses.join()
  ) {
    return true;
  }
  const keys = Object.keys(a.txt);
  return keys.length !== Object.keys(b.txt).length || keys.some((key) => a.txt[key] !== b.txt[key]);
}
