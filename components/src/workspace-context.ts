import { createContext } from '@lit/context';
import type { SnapshotSource } from './event-source-controller.ts';
import type { NearbyPeer, Person, PushOffer, PushProgress, ReceiveProgress, SyncStatus } from './types.ts';

/** The framework's share/import state (`NearbyShare.snapshot()`), the fields the elements read. */
export interface ShareState {
  readonly offers: readonly PushOffer[];
  readonly incoming: readonly (ReceiveProgress & Omit<PushOffer, 'mediaType'>)[];
  readonly outgoing: readonly (PushProgress & { readonly id: number; readonly done: boolean })[];
}

/** The framework's `NearbyShare`, by shape: a snapshot source (`change` events) with its actions. */
export interface ShareSource extends SnapshotSource<ShareState> {
  shareFile(file: File, options: { to: readonly string[] }): Promise<unknown>;
  shareDocument(name: string, options: { to: readonly string[] }): Promise<unknown>;
  accept(transferId: string): boolean;
  decline(transferId: string): boolean;
  cancel(transferId: string): boolean;
}

/** Where an invite or a join stands. */
export interface InviteState {
  /** The code to show (a PSK this page presents); absent when the agent's trusted UI shows it. */
  readonly code?: string;
  readonly qrText?: string;
  /** Whether joining takes a code typed here; `false`: the agent's trusted UI asks for it. */
  readonly needsCode: boolean;
  readonly busy: boolean;
  readonly error?: string;
  /** The name of the device paired last. */
  readonly paired?: string;
}

/** Invite and join, by shape (the framework's page or agent flow): a snapshot source with its actions. */
export interface InviteSource extends SnapshotSource<InviteState> {
  invite(): void;
  join(code?: string): void;
  cancel(): void;
}

/**
 * What the elements read from a provided workspace: `<offgrid-workspace>` builds it from a framework
 * `Workspace` (and its `NearbyShare`); any object with these sources works too.
 */
export interface WorkspaceSources {
  /** Emits `change`; `snapshot()` gives the `SyncStatus`. */
  readonly status?: SnapshotSource<SyncStatus>;
  /** Emits `change`; `snapshot()` gives the people here. */
  readonly presence?: SnapshotSource<readonly Person[]>;
  /** Emits `change`; `snapshot()` gives the devices nearby. */
  readonly peers?: SnapshotSource<readonly NearbyPeer[]>;
  /** Share to nearby / import from nearby. */
  readonly share?: ShareSource;
  /** Invite and join. */
  readonly invite?: InviteSource;
}

/**
 * Provide it on an ancestor (`<offgrid-workspace>`, or `new ContextProvider(el, { context: workspaceContext,
 * initialValue })`) and the elements inside follow it wherever their own property is not set.
 */
export const workspaceContext = createContext<WorkspaceSources | undefined>(Symbol.for('offgrid-workspace'));
