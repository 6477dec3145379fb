/**
 * Invite and join for the notes page (no console): the agent's LP2P browser module (`/lp2p.js`, its URL from
 * `agent.json`) gives the `LP2PRequest` (the trusted UI's peer chooser, the code shown) and the `LP2PReceiver`
 * (discoverable after consent, the code typed); `PageInvite` links each connection to the page's workspace and
 * names the device by the agent's paired peers (`PairedPeerNames`).
 */
import {
  type AgentInfo,
  type NearbyConnection,
  type NearbyReceiver,
  type NearbyRequest,
  PageInvite,
  type Workspace,
} from '@offgrid/framework';
import { PairedPeerNames, type PeerListSource } from './paired-peer-name.ts';

/** The classes of the agent's LP2P browser module this page uses (by shape). */
interface Lp2pModule {
  LP2PRequest: new (options: { nickname: string }) => NearbyRequest<NearbyConnection>;
  LP2PReceiver: new (options: { nickname: string }) => NearbyReceiver;
}

/**
 * A `PageInvite` over the LP2P module of the agent that serves `appId` on this origin; `peers` (the page's
 * `PageShare`) names the device paired. Rejects while no agent answers (the page works alone; it has no Invite or
 * Join then).
 */
export async function agentPageInvite(
  appId: string,
  workspace: Workspace,
  peers: PeerListSource,
): Promise<PageInvite> {
  const response = await fetch(`${location.origin}/${appId}/agent.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`no agent serves ${appId} here (${response.status})`);
  const info = (await response.json()) as AgentInfo;
  const lp2p = (await import(/* @vite-ignore */ info.module)) as Lp2pModule;
  let receiver: NearbyReceiver | undefined;
  const ids = new WeakMap<NearbyConnection, string>();
  let linked = 0;
  const names = new PairedPeerNames(peers);
  return new PageInvite({
    workspace,
    // No `share`: a page served by `offgrid up` shares through its agent (docs/framework.md §Share from a page).
    request: () => {
      names.began();
      return new lp2p.LP2PRequest({ nickname: appId });
    },
    // One receiver for the page's life: joining again keeps the same discoverable receiver.
    receiver: () => {
      names.began();
      receiver ??= new lp2p.LP2PReceiver({ nickname: appId });
      return receiver;
    },
    nameOf: () => names.next(),
    // A page's connection names no peer (the agent keeps fingerprints from pages); the link needs only a
    // distinct, stable id per connection on this page.
    peerIdOf: (connection) => {
      let id = ids.get(connection);
      if (id === undefined) {
        id = `nearby device ${++linked}`;
        ids.set(connection, id);
      }
      return id;
    },
  });
}
