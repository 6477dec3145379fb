import * as Y from 'yjs';
import { SyncProtocolError } from '../errors/sync-protocol-error.ts';

/**
 * Checks a remote Yjs update (v1) against a document before it is applied, so that a rejected update leaves the
 * document exactly as it was. Refused: anything Yjs cannot decode, and anything that would leave structures or
 * deletions pending — a gap after what the document holds, a `Skip`, or a reference (origin, right origin,
 * parent, deleted range) to an item neither the document nor the update contains. Honest peers never send such
 * updates on this protocol: every stream a link carries is causally complete (a step 2, then each applied
 * transaction in order; a `Skip` in a merged
 * update covers only what the receiver sent itself), so pending structures could only come from a broken or hostile peer, and Yjs would keep
 * them in memory forever.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): void {
  let decoded: {
    structs: Array<Y.Item | Y.GC | Y.Skip>;
    ds: { clients: Map<number, Array<{ clock: number; len: number }>> };
  };
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded;
  } catch (cause) {
    throw new SyncProtocolError('invalid-update', 'the update does not decode', { cause });
  }
  const known = (client: number) => Y.getState(doc.store, client);
  const ends = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    // A merged update skips what the receiver already has (what it sent us itself): fine only if we do have it.
    if (struct instanceof Y.Skip && clock + struct.length > known(client)) {
      throw new SyncProtocolError(
        'missing-structures',
        `the update skips client ${client} at ${clock}, which we lack`,
      );
    }
    const end = ends.get(client);
    if (end === undefined ? clock > known(client) : clock !== end) {
      throw new SyncProtocolError(
        'missing-structures',
        `the update starts client ${client} at ${clock}, after a gap`,
      );
    }
    ends.set(client, clock + struct.length);
  }
  const has = (id: Y.ID | null | undefined): boolean =>
    id == null || id.clock < Math.max(known(id.client), ends.get(id.client) ?? 0);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    if (!has(struct.origin) || !has(struct.rightOrigin) || !has(parent)) {
      throw new SyncProtocolError('missing-structures', 'the update refers to an item the document lacks');
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const limit = Math.max(known(client), ends.get(client) ?? 0);
    for (const range of ranges) {
      if (range.clock + range.len > limit) {
        throw new SyncProtocolError('missing-structures', 'the update deletes items the document lacks');
      }
    }
  }
}

/** Whether `doc` holds structures or deletions waiting for missing ones (Yjs internals, read only). */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
