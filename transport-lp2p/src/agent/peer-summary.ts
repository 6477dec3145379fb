import type { DiscoveredAgent } from '../discovery/index.ts';
import type { AgentInfo } from '../protocol/index.ts';

export type SessionTransport = 'quic' | 'tcp';

/** What an agent knows of a peer on the LAN: DNS-SD data, plus agent-info once it connected. */
export interface PeerSummary {
  /** The display name when verified, else the unverified DNS-SD instance name. */
  readonly name: string;
  /**
   * True once agent-info arrived over a session pinned to `fingerprint` and the instance name matched it, unless
   * the name imitates a trusted agent's (an agent's own name proves nothing about whose name it is).
   */
  readonly verified: boolean;
  /** Paired: the fingerprint is authenticated in the trust store. */
  readonly trusted: boolean;
  readonly fingerprint: string;
  readonly addresses: readonly string[];
  readonly port: number;
  readonly tcpPort: number | undefined;
  readonly transports: readonly SessionTransport[];
  readonly metadataVersion: number;
  readonly agentInfo: AgentInfo | undefined;
  /** osp-network §Local active network attackers: why this agent is a "suspicious agent" (empty: it is not). */
  readonly suspicious: readonly string[];
}

/**
 * osp-network §Instance and Display Names: the instance name must be a prefix of the display name; a truncated one
 * ends with `\0`. An untruncated one must equal it.
 */
export function instanceNameMatches(instanceName: string, displayName: string): boolean {
  if (instanceName.endsWith('\0')) return displayName.startsWith(instanceName.slice(0, -1));
  return instanceName === displayName;
}

export function summarizePeer(
  agent: DiscoveredAgent,
  info: AgentInfo | undefined,
  suspicious: readonly string[],
  { trusted = false }: { trusted?: boolean } = {},
): PeerSummary {
  const verified =
    info !== undefined &&
    instanceNameMatches(agent.instanceName, info.displayName) &&
    !suspicious.includes('similar-to-trusted');
  return {
    name: verified ? info.displayName : agent.instanceName.replace(/\0$/, '…'),
    verified,
    trusted,
    fingerprint: agent.fingerprint,
    addresses: agent.addresses,
    port: agent.port,
    tcpPort: agent.tcpPort,
    transports: agent.tcpPort === undefined ? ['quic'] : ['quic', 'tcp'],
    metadataVersion: agent.metadataVersion,
    agentInfo: verified ? info : undefined,
    suspicious,
  };
}

/** One JSON-ready object per peer; the shape of `offgrid peers --json` output and `offgrid agent --json` peer lists. */
export function peerRecord(peer: PeerSummary) {
  return {
    name: peer.name,
    verified: peer.verified,
    fingerprint: peer.fingerprint,
    addresses: peer.addresses,
    port: peer.port,
    tcpPort: peer.tcpPort ?? null,
    transports: peer.transports,
    trusted: peer.trusted,
    suspicious: peer.suspicious,
  };
}
