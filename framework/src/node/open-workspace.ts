import { watchNetworkInterfaces } from '@offgrid/sync/node';
import {
  openWorkspace as openPortable,
  type Workspace,
  type WorkspaceOptions,
} from '../workspace/workspace.ts';

/**
 * Opens an app's workspace in Node: as the portable `openWorkspace`, except that a gateway to the server (the
 * `server` option) retries at once when the machine's network interfaces change (`watchNetworkInterfaces`),
 * since Node has no `online` event. A `networkChanges` given in `server` wins.
 */
export function openWorkspace(options: WorkspaceOptions): Workspace {
  if (options.server === undefined || options.server.networkChanges !== undefined)
    return openPortable(options);
  return openPortable({
    ...options,
    server: { ...options.server, networkChanges: (changed) => watchNetworkInterfaces(changed) },
  });
}
