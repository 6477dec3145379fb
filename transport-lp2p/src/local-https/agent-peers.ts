import type { OspAgent } from '../agent/node.ts';
import type { LocalHttpsPeers } from './peer-proxy.ts';
import type { PeerEndpoint } from './pinned-connect.ts';

/**
 * The TXT key under which an agent advertises its Local HTTPS port (Offgrid extension, docs/protocol.md; set with
 * `OspAgentOptions.localHttpsPort`). LP2P §Local HTTPS endpoint discovery leaves the message open ("define
 * endpoint-info messages"); until it exists, the port travels beside `tcp` and `q2q`.
 */
export const LOCAL_HTTPS_TXT_KEY = 'https';

/** A port as a TXT value: decimal digits only, 1–65535; anything else reads as absent. */
export function parseTxtPort(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port > 0 && port <= 0xffff ? port : undefined;
}

/**
 * Peers as an `OspAgent` knows them: paired ones from its trust store, their Local HTTPS endpoint from discovery
 * (first IPv4 address, the `https` TXT port, the agent hostname as server name). The fingerprint pin, not the
 * unauthenticated mDNS data, is what makes the endpoint trustworthy.
 */
export function agentLocalHttpsPeers(agent: OspAgent): LocalHttpsPeers {
  return {
    isTrusted: (fingerprint) => agent.trustStore.isAuthenticated(fingerprint),
    endpoint(fingerprint): PeerEndpoint | undefined {
      const discovered = agent.discovered(fingerprint);
      const host = discovered?.addresses[0];
      const port = parseTxtPort(discovered?.txt[LOCAL_HTTPS_TXT_KEY]);
      if (!discovered || host === undefined || port === undefined) return undefined;
      return { host, port, serverName: discovered.hostname };
    },
  };
}
