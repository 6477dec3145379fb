import { IndexedDbBlobStore } from '../blobs/indexeddb-blob-store.ts';
import type { Connectivity } from '../workspace/status.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { AgentBlobs, type AgentBlobsOptions } from './agent-blobs.ts';
import { IndexedDbBlobOutbox } from './blob-outbox.ts';
import { agentLinkOf, localStorageTokens } from './open-app-workspace.ts';

const opened = new WeakMap<Workspace, AgentBlobs>();

/**
 * The blobs (photos…) of a workspace from `openAppWorkspace`, one {@link AgentBlobs} per workspace: kept in this
 * origin's IndexedDB (`offgrid-<appId>-blobs`, pending uploads in `offgrid-<appId>-blob-outbox`) and handed to the
 * agent on the page's own origin; uploads are tried again whenever the page's link to the agent opens (`link`:
 * the workspace's `AgentLink`, found by itself for a workspace from `openAppWorkspace`) and whenever the agent's
 * connectivity comes back. Close it with the workspace (`blobs.close()`).
 *
 * @example
 * ```ts
 * const workspace = openAppWorkspace('field-survey');
 * const blobs = appBlobs(workspace);
 * const hash = await blobs.put(photoBytes); // durable in the page; on its way to the agent
 * const bytes = await blobs.get(hash);      // here, or fetched from the agent
 * ```
 */
export function appBlobs(
  workspace: Workspace,
  options: Partial<AgentBlobsOptions> & { readonly link?: EventTarget } = {},
): AgentBlobs {
  const known = opened.get(workspace);
  if (known !== undefined) return known;
  const origin = (globalThis as { location?: { origin: string } }).location?.origin ?? 'http://127.0.0.1';
  const appId = workspace.appId;
  const { link: given, ...rest } = options;
  const blobs = new AgentBlobs({
    store: options.store ?? new IndexedDbBlobStore(`offgrid-${appId}-blobs`),
    outbox: options.outbox ?? new IndexedDbBlobOutbox(`offgrid-${appId}-blob-outbox`),
    base: `${origin}/${appId}`,
    tokens: localStorageTokens(),
    ...rest,
  });
  opened.set(workspace, blobs);
  // Every time the page's socket to its agent opens (again), the outbox is tried at once: the agent is back, even
  // when it is alone (its connectivity, and so the page's, stays `offline` then, and only the backoff would retry).
  const link = given ?? agentLinkOf(workspace);
  link?.addEventListener('open', () => void blobs.run());
  let last: Connectivity = workspace.status().connectivity;
  workspace.addEventListener('status', () => {
    const now = workspace.status().connectivity;
    if (last === 'offline' && now !== 'offline') void blobs.run(); // the agent is back
    last = now;
  });
  return blobs;
}
