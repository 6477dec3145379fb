import * as Y from 'yjs';
import type { DocumentStore } from './document-store.ts';

/**
 * Updates merged per batch. `Y.mergeUpdates` over many small updates is near-linear per batch; batching keeps
 * each call's working set small and lets a huge log merge in a few steps instead of 100 000 `applyUpdate`s.
 */
const batchSize = 2048;

/** One update equivalent to all of `updates` (any order: Yjs updates commute). */
export function mergeStored(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
  let level: Uint8Array[] = [...updates];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += batchSize) {
      const batch = level.slice(i, i + batchSize);
      next.push(batch.length === 1 ? (batch[0] as Uint8Array) : Y.mergeUpdates(batch));
    }
    level = next;
  }
  return level[0] as Uint8Array;
}

/**
 * Folds a document's stored log into one update. Safe to run at any time: it replaces only what it read
 * (`through`), so updates appended while it merges stay. Returns how many updates were folded.
 */
export async function compactDocument(store: DocumentStore, name: string): Promise<number> {
  const { updates, through } = await store.load(name);
  if (updates.length <= 1) return 0;
  await store.replace(name, through, mergeStored(updates));
  return updates.length;
}
