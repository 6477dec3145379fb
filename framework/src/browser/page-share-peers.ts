import type { RelayPeer } from '../share/relay-protocol.ts';

/** A nearby device as `<offgrid-peer-list>` shows it (`NearbyPeer` of the components). */
export interface PageSharePeer {
  readonly id: string;
  readonly name: string;
  /** The name is the one the agent's trust store keeps for this paired peer. */
  readonly verified: boolean;
  readonly trusted: boolean;
}

/** The agent's peers as a page shows them: every one paired (the agent tells no other), unnamed by its id. */
export function pageSharePeers(peers: readonly RelayPeer[]): PageSharePeer[] {
  return peers.map(({ id, name }) => ({ id, name: name || id.slice(0, 12), verified: true, trusted: true }));
}
