import type { NearbyPeer, PushProgress } from '@offgrid/components';

/**
 * What the notes page needs to share a note with people nearby: who can receive, and a push with progress. The
 * framework's share API (group push through the agent) will implement it; until a page is given one, the Share
 * button is not shown. Events: `change` when {@link peers} changes.
 *
 * @example
 * ```ts
 * mountNotes(root, workspace, { sharing: workspaceSharing(workspace) });
 * ```
 */
export interface NoteSharing extends EventTarget {
  /** The devices a note can go to now. */
  peers(): readonly NearbyPeer[];
  /**
   * Sends `file` (the note as Markdown) to `peerIds`, calling `onProgress` with each progress value (the shape of
   * `GroupPush`'s `progress`). Resolves when every recipient confirmed, declined or failed; rejects when the push
   * could not start. Aborting `signal` cancels it.
   */
  share(
    file: File,
    peerIds: readonly string[],
    options: { signal: AbortSignal; onProgress(progress: PushProgress): void },
  ): Promise<void>;
}
