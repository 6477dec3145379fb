import * as Y from 'yjs';
import { fromBase64, toBase64 } from './relay-protocol.ts';

/** The document's state vector, base64 (what {@link whenCovers} waits for elsewhere). */
export function encodeStateVectorBase64(doc: Y.Doc): string {
  return toBase64(Y.encodeStateVector(doc));
}

/** Whether `doc` holds everything the encoded state vector `sv` names. */
function covers(doc: Y.Doc, sv: Map<number, number>): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of sv) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Resolves true once `doc` holds what another copy held (its state vector, base64), false after `timeoutMs`. The
 * share relay uses it both ways: the agent waits for the page's edits before sharing a document (they travel on
 * the same socket, but the replica applies them asynchronously, opening a new document first), and the page waits
 * for an imported document to arrive by sync before its `import` event.
 */
export async function whenCovers(doc: Y.Doc, base64: string, timeoutMs: number): Promise<boolean> {
  let sv: Map<number, number>;
  try {
    sv = Y.decodeStateVector(fromBase64(base64));
  } catch {
    return false;
  }
  if (sv.size > 100_000) return false;
  if (covers(doc, sv)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      doc.off('update', check);
      resolve(ok);
    };
    const check = () => {
      if (covers(doc, sv)) done(true);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    doc.on('update', check);
  });
}
