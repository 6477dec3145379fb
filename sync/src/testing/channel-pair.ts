import type { SyncChannel } from '../channel.ts';

/** Two connected, open channels and a way to dispose of whatever carries them. */
export interface SyncChannelPair {
  readonly a: SyncChannel;
  readonly b: SyncChannel;
  close(): void | Promise<void>;
}

/** Makes a fresh connected pair per call (the suites make several per test, for meshes). */
export type SyncChannelPairFactory = () => Promise<SyncChannelPair>;

/** Counts the bytes a channel receives (listening beside the link that owns it). */
export function countIncoming(channel: SyncChannel): { bytes: number; messages: number } {
  const counter = { bytes: 0, messages: 0 };
  channel.addEventListener('message', (event) => {
    const data = (event as { data?: unknown }).data;
    if (data instanceof ArrayBuffer) {
      counter.bytes += data.byteLength;
      counter.messages++;
    }
  });
  return counter;
}
