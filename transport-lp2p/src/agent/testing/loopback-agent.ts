/**
 * Real agents on 127.0.0.1 for tests that need two of them to pair or connect but not to discover each other:
 * no mDNS at all (nothing advertised or browsed), so a test hands one agent the other's DNS-SD record itself.
 * Node only.
 */
import type { DiscoveredAgent } from '../../discovery/index.ts';
import { OspAgent, type OspAgentOptions } from '../osp-agent.ts';

/** Starts an `OspAgent` on 127.0.0.1 with no mDNS and no QuicTransport; `options` add to or override that. */
export function startLoopbackAgent(
  options: Omit<OspAgentOptions, 'interfaceAddress'> & Partial<OspAgentOptions>,
): Promise<OspAgent> {
  return OspAgent.start({
    interfaceAddress: '127.0.0.1',
    advertise: false,
    browse: false,
    quicTransport: false,
    ...options,
  });
}

/**
 * The DNS-SD record another agent would discover for `agent` (OSP network spec, “Discovery with mDNS”), built from the running agent at 127.0.0.1: what `connect()`/`joinNearby()` take instead of mDNS.
 */
export function loopbackRecord(agent: OspAgent): DiscoveredAgent {
  return {
    instanceName: agent.identity.instanceName,
    hostname: agent.identity.hostname,
    fingerprint: agent.fingerprint,
    metadataVersion: 1,
    authToken: agent.authToken,
    addresses: ['127.0.0.1'],
    port: agent.quicPort,
    ...(agent.tcpPort !== undefined && { tcpPort: agent.tcpPort }),
    txt: {},
    lastSeen: Date.now(),
  };
}
