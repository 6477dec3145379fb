import { createContext } from '@lit/context';
import type { SnapshotSource } from './event-source-controller.ts';
import type { Person, SyncStatus } from './types.ts';

/**
 * What the elements read from a workspace provided with `@lit/context`. The framework's workspace will fill it;
 * until then any object with these sources works (the demo pages use a small one).
 */
export interface WorkspaceSources {
  /** Emits `change`; `snapshot()` gives the `SyncStatus`. */
  readonly status?: SnapshotSource<SyncStatus>;
  /** Emits `change`; `snapshot()` gives the people here. */
  readonly presence?: SnapshotSource<readonly Person[]>;
}

/**
 * Provide it on an ancestor (`new ContextProvider(el, { context: workspaceContext, initialValue })`) and
 * `<offgrid-sync-status>` and `<offgrid-presence>` inside follow it when their own property is not set.
 */
export const workspaceContext = createContext<WorkspaceSources | undefined>(Symbol.for('offgrid-workspace'));
