import type { OspAgent, OspAgentOptions } from '../agent/index.ts';
import { LP2PError } from '../errors/index.ts';
import type { LocalPeerManagerOptions } from './local-peer-manager.ts';

/**
 * What the host platform gives the LP2P API: a way to start an OSP agent (sockets, mDNS, files) and the manager a
 * program gets when it configured none. The API itself is portable; the `node` entry installs Node's host
 * (`node-host.ts`) when imported, and another platform would install its own.
 */
export interface LocalPeerHost {
  startAgent(options: OspAgentOptions): Promise<OspAgent>;
  defaultManagerOptions(): LocalPeerManagerOptions;
}

let installed: LocalPeerHost | undefined;

/** Makes `host` the one the LP2P API starts agents and default managers with. */
export function installLocalPeerHost(host: LocalPeerHost): void {
  installed = host;
}

/** The installed host; throws `LP2PError('not-started')` when there is none. */
export function localPeerHost(): LocalPeerHost {
  if (installed) return installed;
  throw new LP2PError(
    'not-started',
    'no local peer host: import @offgrid/transport-lp2p/node, or pass an agent and a configured manager',
  );
}
