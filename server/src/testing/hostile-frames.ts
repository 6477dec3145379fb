import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';

/**
 * Well-formed Hocuspocus frames for `documentName` — auth, sync steps and updates carrying real Yjs updates,
 * awareness, query-awareness, stateless, close — the seeds that `mutateFrame` damages.
 */
export function seedFrames(gen: prng.PRNG, documentName: string, token: string): Uint8Array[] {
  const frame = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, documentName);
    write(e);
    return encoding.toUint8Array(e);
  };
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 12; i++) {
    const text = doc.getText('t');
    if (text.length > 3 && prng.bool(gen)) text.delete(prng.int31(gen, 0, text.length - 2), 1);
    else text.insert(prng.int31(gen, 0, text.length), prng.word(gen, 1, 6));
    doc.getMap('m').set(prng.word(gen, 1, 3), prng.oneOf(gen, [1, 'x', { a: [1, 2] }, new Uint8Array([1])]));
    doc.getArray('a').insert(0, [prng.int31(gen, 0, 1000)]);
    const fragment = doc.getXmlFragment('x');
    fragment.insert(0, [new Y.XmlElement('p')]);
  }
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: prng.word(gen) });
  const frames = [
    frame((e) => {
      encoding.writeVarUint(e, 2); // Auth
      encoding.writeVarUint(e, 0); // Token
      encoding.writeVarString(e, token);
    }),
    frame((e) => {
      encoding.writeVarUint(e, 0); // Sync
      encoding.writeVarUint(e, 0); // step 1
      encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    }),
    frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1); // step 2
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
    }),
    frame((e) => {
      encoding.writeVarUint(e, 1); // Awareness
      encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [doc.clientID]));
    }),
    frame((e) => encoding.writeVarUint(e, 3)), // QueryAwareness
    frame((e) => {
      encoding.writeVarUint(e, 5); // Stateless
      encoding.writeVarString(e, prng.word(gen));
    }),
    frame((e) => encoding.writeVarUint(e, 7)), // Close
  ];
  for (const update of updates)
    frames.push(
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2); // update
        encoding.writeVarUint8Array(e, update);
      }),
    );
  awareness.destroy();
  doc.destroy();
  return frames;
}

/** A damaged copy of `frame`: bytes flipped, set to edge values, inserted, deleted, cut, or ranges duplicated. */
export function mutateFrame(gen: prng.PRNG, frame: Uint8Array): Uint8Array {
  let bytes = Array.from(frame);
  const edits = prng.int31(gen, 1, 4);
  for (let i = 0; i < edits; i++) {
    const at = prng.int31(gen, 0, Math.max(0, bytes.length - 1));
    switch (prng.int31(gen, 0, 5)) {
      case 0:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << prng.int31(gen, 0, 7));
        break;
      case 1:
        bytes[at] = prng.oneOf(gen, [0, 0x7f, 0x80, 0xff]);
        break;
      case 2:
        bytes.splice(at, 0, ...prng.uint8Array(gen, prng.int31(gen, 1, 8)));
        break;
      case 3:
        bytes.splice(at, prng.int31(gen, 1, 8));
        break;
      case 4:
        bytes = bytes.slice(0, at);
        break;
      default: {
        const length = prng.int31(gen, 1, 16);
        bytes.splice(at, 0, ...bytes.slice(at, at + length));
      }
    }
  }
  return new Uint8Array(bytes);
}
