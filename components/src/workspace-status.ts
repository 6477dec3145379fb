import type { SyncStatus } from './types.ts';

/** The parts of `@offgrid/framework`'s `WorkspaceStatus` the badge reads (kept structural: no import cycle). */
export interface WorkspaceStatusLike {
  readonly connectivity: SyncStatus['connectivity'];
  readonly documents: readonly {
    readonly name: string;
    readonly notOnAnyPeer: { readonly count: number | null; readonly oldestAgeMs: number | null };
    readonly notOnServer: { readonly count: number | null; readonly oldestAgeMs: number | null };
    readonly lastServerConfirmation: number | null;
  }[];
}

/**
 * `workspace.status()` → `<offgrid-sync-status>`'s `status`. Ages become moments before `now`; a count the
 * framework does not know (`null`: the server's confirmations of relayed changes are not tracked yet) becomes
 * `notOnServerKnown: false`, which the badge words as "changes not yet confirmed by the server".
 *
 * @example
 * workspace.addEventListener('status', () => (badge.status = fromWorkspaceStatus(workspace.status())));
 */
export function fromWorkspaceStatus(status: WorkspaceStatusLike, now: number = Date.now()): SyncStatus {
  return {
    connectivity: status.connectivity,
    documents: status.documents.map((doc) => {
      const oldest = doc.notOnServer.oldestAgeMs ?? doc.notOnAnyPeer.oldestAgeMs;
      const notOnAnyPeer = doc.notOnAnyPeer.count ?? 0;
      return {
        name: doc.name,
        notOnAnyPeer,
        // Unknown: at least what no peer has, and at least one if the server never confirmed anything.
        notOnServer:
          doc.notOnServer.count ?? Math.max(notOnAnyPeer, doc.lastServerConfirmation === null ? 1 : 0),
        ...(doc.notOnServer.count === null ? { notOnServerKnown: false } : {}),
        ...(oldest === null ? {} : { oldestUnconfirmedAt: now - oldest }),
        ...(doc.lastServerConfirmation === null
          ? {}
          : { lastServerConfirmationAt: doc.lastServerConfirmation }),
      };
    }),
  };
}
