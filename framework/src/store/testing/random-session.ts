import * as prng from 'lib0/prng';
import * as Y from 'yjs';

/** Strings with every UTF-8 length: ASCII, accents, CJK, an emoji (two UTF-16 units), a byte order mark. */
const pieces = ['a', 'bc', 'é', '中文', '😀', '\uFEFF', 'x😀y', 'ü'];

/** One random edit of `doc`, over every kind of Yjs content a document can hold. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc): void {
  const text = doc.getText('text');
  const map = doc.getMap('map');
  const array = doc.getArray('array');
  const xml = doc.getXmlFragment('xml');
  const kind = prng.int32(gen, 0, 13);
  if (kind <= 3 || text.length === 0) {
    let inserted = '';
    for (let i = prng.int32(gen, 1, 3); i > 0; i--) inserted += prng.oneOf(gen, pieces);
    text.insert(prng.int32(gen, 0, text.length), inserted); // may split a surrogate pair: Yjs mends it
  } else if (kind === 4) {
    const at = prng.int32(gen, 0, text.length - 1);
    text.delete(at, prng.int32(gen, 1, Math.min(4, text.length - at)));
  } else if (kind === 5) {
    const at = prng.int32(gen, 0, text.length - 1);
    text.format(at, prng.int32(gen, 1, text.length - at), { bold: prng.bool(gen) ? true : null });
  } else if (kind === 6) text.insertEmbed(prng.int32(gen, 0, text.length), { image: prng.word(gen, 1, 5) });
  else if (kind === 7) map.set(`k${prng.int32(gen, 0, 6)}`, prng.bool(gen) ? randomValue(gen) : 2n ** 60n);
  else if (kind === 8) {
    const shared = prng.oneOf(gen, [() => new Y.Text('nested'), () => new Y.Map(), () => new Y.Array()])();
    map.set(`t${prng.int32(gen, 0, 3)}`, shared);
  } else if (kind === 9)
    map.set('sub', new Y.Doc()); // a subdocument
  else if (kind === 10) map.delete(`k${prng.int32(gen, 0, 6)}`);
  else if (kind === 11)
    array.insert(prng.int32(gen, 0, array.length), [randomValue(gen), new Uint8Array([1, 2, 3])]);
  else if (kind === 12 && array.length > 0) {
    const at = prng.int32(gen, 0, array.length - 1);
    array.delete(at, prng.int32(gen, 1, Math.min(3, array.length - at)));
  } else {
    const element = new Y.XmlElement(prng.oneOf(gen, ['p', 'h1']));
    const hook = new Y.XmlHook('hook') as unknown as Y.XmlElement; // a valid child; Yjs's types leave it out
    xml.insert(prng.int32(gen, 0, xml.length), [element, new Y.XmlText('hi'), hook]);
    element.setAttribute('class', prng.word(gen, 1, 4));
  }
}

/** A value of most lib0 "any" kinds (a bigint only goes in a map). */
function randomValue(gen: prng.PRNG): unknown {
  return prng.oneOf(gen, [
    () => prng.int32(gen, -1e6, 1e6),
    () => prng.real53(gen),
    () => prng.utf16String(gen, 6),
    () => ({ nested: [1, 'two', { three: null }], flag: true }),
    () => null,
    () => new Uint8Array([0, 255]),
  ])();
}

/**
 * A session of `clients` devices editing at random and syncing now and then (updates delivered late, in
 * bursts), as device 0's store would record it: every update of device 0, its own and those it received, in
 * the order it emitted them. Some devices collect garbage, some do not (deleted content stays).
 */
export function randomSession(seed: number, edits = 300, clients = 3): { log: Uint8Array[] } {
  const gen = prng.create(seed);
  const docs = Array.from({ length: clients }, (_, i) => new Y.Doc({ gc: i % 2 === 0 }));
  const log: Uint8Array[] = [];
  const outboxes = docs.map(() => docs.map(() => [] as Uint8Array[]));
  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (from === 0) log.push(update);
      docs.forEach((_, to) => {
        if (to !== from && origin !== to) outboxes[from]?.[to]?.push(update);
      });
    });
  });
  const deliver = (from: number, to: number) => {
    const box = outboxes[from]?.[to] as Uint8Array[];
    Y.transact(docs[to] as Y.Doc, () => {
      for (const update of box.splice(0)) Y.applyUpdate(docs[to] as Y.Doc, update, from);
    });
  };
  for (let i = 0; i < edits; i++) {
    randomEdit(gen, prng.oneOf(gen, docs));
    if (prng.int32(gen, 0, 9) === 0)
      deliver(prng.int32(gen, 0, clients - 1), prng.int32(gen, 0, clients - 1));
  }
  for (let from = 0; from < clients; from++)
    for (let to = 0; to < clients; to++) if (from !== to) deliver(from, to);
  return { log };
}

/** Everything a document shows and knows: its content, state vector and delete set. */
export function describeDoc(doc: Y.Doc): unknown {
  const snapshot = Y.snapshot(doc);
  return {
    text: plain(doc.getText('text').toDelta()),
    map: plain(doc.getMap('map').toJSON()),
    array: plain(doc.getArray('array').toJSON()),
    xml: doc.getXmlFragment('xml').toString(),
    state: [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort(),
    deleted: [...snapshot.ds.clients.entries()].sort((a, b) => a[0] - b[0]),
  };
}

/** A document built by applying every update one by one, in order: what merging must match. */
export function applyEach(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Content as plain data: a subdocument by its guid, bigints and byte arrays spelt out. */
const plain = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_, v) => {
      if (v instanceof Y.Doc) return `doc ${v.guid}`;
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Uint8Array) return [...v];
      return v;
    }),
  );
