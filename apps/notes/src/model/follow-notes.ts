import type * as Y from 'yjs';
import { indexDocument, NotesIndex, noteDocument } from './notes-index.ts';

/**
 * For a device that carries the notes without showing them (the agent's replica, a relay): opens the index
 * document with `open`, then every note document it lists, now and whenever the list grows, so each of them is
 * stored and relayed (a hub relays only the documents it has open, docs/sync.md). Returns the unsubscribe.
 *
 * @example
 * ```ts
 * const stop = followNotes((name) => hub.open(name).doc);
 * ```
 */
export function followNotes(open: (name: string) => Y.Doc): () => void {
  const index = new NotesIndex(open(indexDocument));
  const opened = new Set<string>();
  const openAll = () => {
    for (const { id } of index.entries()) {
      if (opened.has(id)) continue;
      opened.add(id);
      open(noteDocument(id));
    }
  };
  openAll();
  return index.observe(openAll);
}
