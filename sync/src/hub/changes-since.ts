import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** What a peer is known to hold: per client, the clock up to which it has every struct. */
export type KnownState = Map<number, number>;

/** A Yjs delete set (the type Yjs does not export by name). */
export type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/**
 * A Yjs update (v1) carrying what a peer lacks since `known`: every struct past it, and the given deletions.
 *
 * The same bytes as `Y.encodeStateAsUpdate(doc, encodeStateVector(known))` except for the delete set: that one
 * carries every deletion the document ever saw (computed by walking the whole store), this one only the deletions
 * of the transactions since the last message — which is what makes one message per tick cheap on a long
 * document, with no per-transaction update to encode and no `Y.mergeUpdates`. The struct section is written as
 * Yjs writes it (`writeClientsStructs` in yjs/src/utils/encoding.js, with its exported encoder and structs); the
 * delete set in the v1 layout (count of clients; per client its id, count of ranges, then clock and length of
 * each). Advances `known` to what the peer holds once it has applied the result.
 */
export function encodeChangesSince(doc: Y.Doc, known: KnownState, deletes: DeleteSet[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const from: [number, number][] = [];
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last === undefined) continue;
    const state = last.id.clock + last.length;
    const clock = known.get(client) ?? 0;
    if (state > clock) from.push([client, clock]);
    known.set(client, Math.max(clock, state));
  }
  encoding.writeVarUint(encoder.restEncoder, from.length);
  // Higher client ids first, as Yjs does (it helps its conflict resolution on the receiving side).
  from.sort((a, b) => b[0] - a[0]);
  for (const [client, since] of from)
    writeStructs(encoder, doc.store.clients.get(client) ?? [], client, since);
  writeDeleteSet(encoder, deletes.length === 1 ? (deletes[0] as DeleteSet) : Y.mergeDeleteSets(deletes));
  return encoder.toUint8Array();
}

function writeStructs(
  encoder: Y.UpdateEncoderV1,
  structs: Array<Y.Item | Y.GC>,
  client: number,
  since: number,
): void {
  const clock = Math.max(since, (structs[0] as Y.Item | Y.GC).id.clock);
  const start = Y.findIndexSS(structs, clock);
  encoding.writeVarUint(encoder.restEncoder, structs.length - start);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  const first = structs[start] as Y.Item | Y.GC;
  first.write(encoder, clock - first.id.clock);
  for (let i = start + 1; i < structs.length; i++) (structs[i] as Y.Item | Y.GC).write(encoder, 0);
}

function writeDeleteSet(encoder: Y.UpdateEncoderV1, deletes: DeleteSet): void {
  const clients = [...deletes.clients].filter(([, ranges]) => ranges.length > 0);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, ranges] of clients.sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
}
