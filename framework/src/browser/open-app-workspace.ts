import { openWorkspace, type Workspace } from '../workspace/workspace.ts';
import { type AgentInfo, AgentLink, type AgentLinkOptions } from './agent-link.ts';
import { IndexedDbDocumentStore } from './indexeddb-store.ts';
import { PageShare } from './page-share.ts';

const TOKEN_KEY = 'offgrid-lp2p-token';

/**
 * What an app's page calls to get its workspace: documents stored in this origin's IndexedDB
 * (`offgrid-<appId>`), usable at once and with no network at all, and synced through the local agent that served
 * the page (`offgrid up`), which holds the app's replica and talks to nearby agents and the server. The first
 * time, the person allows the app in the agent's trusted UI (a popup, through the LP2P browser module); the token
 * is kept in localStorage. `status().connectivity` is the agent's: `online` when it reaches the server,
 * `nearby only` with nearby agents, `offline` when it does not (or the agent is not running).
 *
 * @example
 * ```ts
 * const workspace = openAppWorkspace('notes');   // on http://127.0.0.1:P/notes/
 * workspace.addEventListener('status', () => badge.update(workspace.status()));
 * ```
 */
export function openAppWorkspace(appId: string, options: Partial<AgentLinkOptions> = {}): Workspace {
  const origin = (globalThis as { location?: { origin: string } }).location?.origin ?? 'http://127.0.0.1';
  const link = new AgentLink({
    syncUrl: `${origin.replace(/^http/, 'ws')}/${appId}/sync`,
    infoUrl: `${origin}/${appId}/agent.json`,
    tokens: localStorageTokens(),
    consent: consentThroughBridge,
    ...options,
  });
  const workspace = openWorkspace({
    appId,
    store: new IndexedDbDocumentStore(`offgrid-${appId}`),
    connectivity: link,
  });
  link.start(workspace);
  links.set(workspace, link);
  const close = workspace.close.bind(workspace);
  workspace.close = async () => {
    link.stop();
    shares.get(workspace)?.close();
    await close();
  };
  return workspace;
}

const links = new WeakMap<Workspace, AgentLink>();

/** @internal The agent link of a workspace from {@link openAppWorkspace} (`appBlobs` hears it reconnect). */
export function agentLinkOf(workspace: Workspace): AgentLink | undefined {
  return links.get(workspace);
}
const shares = new WeakMap<Workspace, PageShare>();

/**
 * Share to nearby / import from nearby for a workspace from {@link openAppWorkspace}: a {@link PageShare} (the
 * `NearbyShare` API) relayed through the agent, one per workspace. Throws for other workspaces.
 *
 * @example
 * ```ts
 * const workspace = openAppWorkspace('notes');
 * const share = nearbyShare(workspace);
 * html`<offgrid-workspace .workspace=${workspace} .share=${share} .peers=${share.nearbyPeers()}>…`;
 * share.addEventListener('offer', ({ offer }) => share.accept(offer.transferId));
 * await share.shareDocument('shopping', { to: share.peers() });
 * ```
 */
export function nearbyShare(workspace: Workspace): PageShare {
  const link = links.get(workspace);
  if (link === undefined) throw new TypeError('nearbyShare takes a workspace from openAppWorkspace');
  let share = shares.get(workspace);
  if (share === undefined) {
    share = new PageShare(workspace, link);
    shares.set(workspace, share);
  }
  return share;
}

/** The LP2P browser module's links to the bridge, kept for the page's life (also usable as its LP2P link). */
const bridgeLinks = new Set<unknown>();

/** Consent through the agent's LP2P module (served by the agent): opens the trusted UI; the token lands in storage. */
async function consentThroughBridge(info: AgentInfo): Promise<void> {
  const module = (await import(/* @vite-ignore */ info.module)) as {
    BridgeLink: new (options: { url: string; uiUrl: string }) => { ready: Promise<void> };
  };
  const link = new module.BridgeLink({ url: info.bridge, uiUrl: info.ui });
  bridgeLinks.add(link);
  await link.ready;
}

/** The origin's capability token in localStorage (shared with the LP2P module and `appBlobs`). */
export function localStorageTokens(): AgentLinkOptions['tokens'] {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  return {
    get: () => storage?.getItem(TOKEN_KEY) ?? null,
    clear: () => storage?.removeItem(TOKEN_KEY),
  };
}
