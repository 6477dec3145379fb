/**
 * The page snippets of docs/guide.md, type-checked against the real API with the DOM lib (`npm run typecheck`
 * runs `tsc -p docs/tsconfig.page.json`) but never run: each is a function nobody calls. The host side (the WebApp,
 * the Chromium test) is in guide-host-snippets.ts; the steps Node can run are run by guide-snippets.test.ts. If a
 * step here changes, change the guide with it.
 */
import { fromWorkspaceStatus, type OffgridSyncStatus, type OffgridWorkspace } from '@offgrid/components';
import {
  type NearbyConnection,
  type NearbyReceiver,
  type NearbyRequest,
  openAppWorkspace,
  PageInvite,
  type Workspace,
} from '@offgrid/framework';

/**
 * The two classes of `@offgrid/transport-lp2p/browser` the invite uses, by shape: that entry's sources are checked
 * under Node's types (guide-host-snippets.ts checks the classes fit this), not under the DOM lib used here.
 */
export interface LP2PClasses {
  readonly LP2PRequest: new (options: { nickname: string }) => NearbyRequest<NearbyConnection>;
  readonly LP2PReceiver: new (options: { nickname: string }) => NearbyReceiver;
}

// §2: the page's boot module.
export function boot(): Workspace {
  const workspace = openAppWorkspace('todo'); // on http://127.0.0.1:P/todo/
  return workspace;
}

// §6: the badge, by hand or through <offgrid-workspace>.
export function badge(workspace: Workspace): void {
  const status = document.querySelector('offgrid-sync-status') as OffgridSyncStatus;
  const render = () => {
    status.status = fromWorkspaceStatus(workspace.status());
  };
  workspace.addEventListener('status', render);
  render();

  const provider = document.querySelector('offgrid-workspace') as OffgridWorkspace;
  provider.workspace = workspace;
}

// §8: invite and join through the agent's trusted UI.
export function invite(
  workspace: Workspace,
  { LP2PRequest, LP2PReceiver }: LP2PClasses, // import { LP2PRequest, LP2PReceiver } from '@offgrid/transport-lp2p/browser'
  deviceName: string,
): PageInvite {
  const invite = new PageInvite({
    workspace,
    request: () => new LP2PRequest({ nickname: deviceName }),
    receiver: () => new LP2PReceiver({ nickname: deviceName }),
    peerIdOf: () => 'nearby', // see the guide: a page's connection names no peer yet
  });
  (document.querySelector('offgrid-workspace') as OffgridWorkspace).invite = invite;
  return invite;
}
