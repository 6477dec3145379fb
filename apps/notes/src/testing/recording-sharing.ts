import type { NearbyPeer, PushProgress } from '@offgrid/components';
import type { NoteSharing } from '../share/note-sharing.ts';

/** One call of {@link RecordingSharing.share}. */
export interface RecordedShare {
  readonly name: string;
  readonly type: string;
  readonly text: string;
  readonly peers: readonly string[];
}

/**
 * A {@link NoteSharing} for the page tests, standing in for the framework's share API (not written yet): two
 * devices nearby; `share` records what it was given and reports each recipient receiving, then confirmed.
 */
export class RecordingSharing extends EventTarget implements NoteSharing {
  readonly shares: RecordedShare[] = [];

  peers(): readonly NearbyPeer[] {
    return [
      { id: 'peer-grace', name: "Grace's laptop", verified: true, trusted: true },
      { id: 'peer-edsger', name: "Edsger's phone", verified: true, trusted: true },
    ];
  }

  async share(
    file: File,
    peerIds: readonly string[],
    options: { signal: AbortSignal; onProgress(progress: PushProgress): void },
  ): Promise<void> {
    const text = await file.text();
    this.shares.push({ name: file.name, type: file.type, text, peers: [...peerIds] });
    const progress = (status: 'receiving' | 'confirmed', receivedBytes: number): PushProgress => ({
      transferId: `t${this.shares.length}`,
      totalBytes: file.size,
      sentBytes: receivedBytes,
      peers: peerIds.map((peer) => ({ peer, status, receivedBytes, rate: 1000, remainingMs: undefined })),
    });
    options.onProgress(progress('receiving', 0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (options.signal.aborted) return;
    options.onProgress(progress('confirmed', file.size));
  }
}
