/**
 * `@offgrid/components`: Lit custom elements for Offgrid apps. Importing this module defines the elements
 * (`<offgrid-presence>`, `<offgrid-sync-status>`, `<offgrid-peer-list>`, `<offgrid-share-nearby>`,
 * `<offgrid-import-nearby>`, `<offgrid-invite>`); they take plain data properties and emit DOM events, so any
 * framework or none can use them. See components/README.md.
 */
import { OffgridImportNearby } from './import-nearby.ts';
import { OffgridInvite } from './invite.ts';
import { OffgridPeerList } from './peer-list.ts';
import { OffgridPresence } from './presence.ts';
import { OffgridShareNearby } from './share-nearby.ts';
import { OffgridSyncStatus } from './sync-status.ts';
import { OffgridWorkspace } from './workspace-provider.ts';

export { EventSourceController, type SnapshotSource } from './event-source-controller.ts';
export * from './format.ts';
export { looksLikeCode } from './invite.ts';
export { peerMarks } from './peer-list.ts';
export { initials } from './presence.ts';
export type * from './types.ts';
export {
  type InviteSource,
  type InviteState,
  type ShareSource,
  type ShareState,
  type WorkspaceSources,
  workspaceContext,
} from './workspace-context.ts';
export {
  FollowingSource,
  type PresenceLike,
  presenceSource,
  statusSource,
  ValueSource,
  type WorkspaceLike,
} from './workspace-sources.ts';
export { fromWorkspaceStatus, type WorkspaceStatusLike } from './workspace-status.ts';
export {
  OffgridImportNearby,
  OffgridInvite,
  OffgridPeerList,
  OffgridPresence,
  OffgridShareNearby,
  OffgridSyncStatus,
  OffgridWorkspace,
};

const elements = {
  'offgrid-presence': OffgridPresence,
  'offgrid-sync-status': OffgridSyncStatus,
  'offgrid-peer-list': OffgridPeerList,
  'offgrid-share-nearby': OffgridShareNearby,
  'offgrid-import-nearby': OffgridImportNearby,
  'offgrid-invite': OffgridInvite,
  'offgrid-workspace': OffgridWorkspace,
};
// Defining twice throws; a page that loads two copies keeps the first.
for (const [name, element] of Object.entries(elements))
  if (!customElements.get(name)) customElements.define(name, element);

declare global {
  interface HTMLElementTagNameMap {
    'offgrid-presence': OffgridPresence;
    'offgrid-sync-status': OffgridSyncStatus;
    'offgrid-peer-list': OffgridPeerList;
    'offgrid-share-nearby': OffgridShareNearby;
    'offgrid-import-nearby': OffgridImportNearby;
    'offgrid-invite': OffgridInvite;
    'offgrid-workspace': OffgridWorkspace;
  }
}
