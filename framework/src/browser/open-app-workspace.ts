import { openWorkspace, type Workspace } from '../workspace/workspace.ts';
import { IndexedDbDocumentStore } from './indexeddb-store.ts';

/**
 * What an app's page calls to get its workspace: documents stored in this origin's IndexedDB
 * (`offgrid-<appId>`), usable at once and with no network at all. The page then syncs through the local agent
 * that served it (`offgrid up`), which holds the app's replica and talks to nearby peers and the server.
 */
export function openAppWorkspace(appId: string): Workspace {
  return openWorkspace({ appId, store: new IndexedDbDocumentStore(`offgrid-${appId}`) });
}
