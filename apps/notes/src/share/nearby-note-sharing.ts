import type { NearbyPeer, PushProgress } from '@offgrid/components';
import type { NearbyShare, OutgoingProgress, ShareProgressEvent, ShareResult } from '@offgrid/framework';
import type { NoteSharing } from './note-sharing.ts';

/** The share a note goes through, by shape: the framework's `NearbyShare`, or a page's `PageShare` (`nearbyShare`). */
export type NoteShareSource = Pick<
  NearbyShare,
  'peers' | 'shareFile' | 'snapshot' | 'addEventListener' | 'removeEventListener'
>;

/** What the page knows of a peer id beyond the id (its name and marks, from the agent's peer list). */
export type DescribePeer = (peerId: string) => Omit<NearbyPeer, 'id'> | undefined;

/**
 * {@link NoteSharing} over the framework's `NearbyShare`: the peers are the share's push peers (named by
 * `describe`, else by their id, unverified), a note goes as a file with `shareFile`, and its outgoing progress
 * (and the final result) is passed on in the shape `<offgrid-share-nearby>` takes.
 *
 * @example
 * ```ts
 * mountNotes(root, workspace, { sharing: nearbyNoteSharing(new NearbyShare(workspace, { id }), describe) });
 * ```
 */
export function nearbyNoteSharing(share: NoteShareSource, describe?: DescribePeer): NoteSharing {
  return new NearbyNoteSharing(share, describe);
}

class NearbyNoteSharing extends EventTarget implements NoteSharing {
  readonly #share: NoteShareSource;
  readonly #describe: DescribePeer | undefined;

  constructor(share: NoteShareSource, describe: DescribePeer | undefined) {
    super();
    this.#share = share;
    this.#describe = describe;
    share.addEventListener('change', () => this.dispatchEvent(new Event('change')));
  }

  peers(): readonly NearbyPeer[] {
    return this.#share.peers().map((id) => ({
      id,
      name: id.slice(0, 16),
      verified: false,
      ...this.#describe?.(id),
    }));
  }

  async share(
    file: File,
    peerIds: readonly string[],
    options: { signal: AbortSignal; onProgress(progress: PushProgress): void },
  ): Promise<void> {
    const done = this.#share.shareFile(file, { to: [...peerIds], signal: options.signal });
    // The share is in the snapshot as soon as shareFile returns; its id tells its progress events from others'.
    const id = this.#share.snapshot().outgoing.at(-1)?.id;
    const onProgress = (event: Event) => {
      const { direction, progress } = event as ShareProgressEvent;
      if (direction === 'outgoing' && (progress as OutgoingProgress).id === id)
        options.onProgress(progress as OutgoingProgress);
    };
    this.#share.addEventListener('progress', onProgress);
    try {
      options.onProgress(finalProgress(await done));
    } finally {
      this.#share.removeEventListener('progress', onProgress);
    }
  }
}

/** The result as the last progress value: every recipient's final status. */
function finalProgress(result: ShareResult): PushProgress {
  return {
    transferId: result.transferId,
    totalBytes: result.totalBytes,
    sentBytes: result.sentBytes,
    peers: result.peers.map(({ peer, status }) => ({
      peer,
      status,
      receivedBytes: status === 'confirmed' ? result.totalBytes : 0,
      rate: 0,
      remainingMs: undefined,
    })),
  };
}
