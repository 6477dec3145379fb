import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeVarUint } from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { mergeStored, spliceLog } from './merge-stored.ts';
import { PackedUpdates } from './packed-updates.ts';
import { applyEach, describeDoc, randomSession } from './testing/random-session.ts';

/** The updates end to end, as `SqliteDocumentStore` reads a log. */
function pack(updates: readonly Uint8Array[]): PackedUpdates {
  const bytes = new Uint8Array(updates.reduce((sum, update) => sum + update.length, 0));
  const ends = new Uint32Array(updates.length);
  let end = 0;
  updates.forEach((update, i) => {
    bytes.set(update, end);
    end += update.length;
    ends[i] = end;
  });
  return new PackedUpdates(bytes, ends);
}

const shuffled = <T>(gen: prng.PRNG, items: readonly T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = prng.int32(gen, 0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};

/** Asserts that the merged log gives the document that applying its updates one by one gives. */
function assertMergesLike(log: readonly Uint8Array[], message: string, splices = true): Uint8Array {
  const expected = describeDoc(applyEach(log));
  if (splices) spliceLog(log); // every update scans: the merge below is the splice, not the fallback
  const merged = mergeStored(log);
  assert.deepEqual(describeDoc(applyEach([merged])), expected, message);
  assert.deepEqual(mergeStored(pack(log)), merged, `${message}: packed`);
  return merged;
}

describe('mergeStored', () => {
  it('gives the document of its updates applied one by one: three devices, every kind of content, 20 sessions', () => {
    for (let seed = 1; seed <= 20; seed++) assertMergesLike(randomSession(seed).log, `seed ${seed}`);
  });

  it('gives the same document whatever the order, with copies and with a compacted snapshot inside', () => {
    for (let seed = 21; seed <= 35; seed++) {
      const gen = prng.create(seed);
      const { log } = randomSession(seed, 200);
      const middle = prng.int32(gen, 1, log.length - 1);
      const snapshot = Y.encodeStateAsUpdate(applyEach(log.slice(0, middle)));
      const copies = log.filter(() => prng.int32(gen, 0, 4) === 0);
      assertMergesLike(shuffled(gen, log), `seed ${seed}: shuffled`);
      assertMergesLike([...log, ...copies], `seed ${seed}: copies`);
      assertMergesLike([...log.slice(middle), snapshot], `seed ${seed}: snapshot last`);
      assertMergesLike(shuffled(gen, [...log, snapshot]), `seed ${seed}: snapshot among copies`);
    }
  });

  it('keeps gaps as Yjs does: missing updates complete the merged log as they complete the updates', () => {
    for (let seed = 41; seed <= 50; seed++) {
      const gen = prng.create(seed);
      const { log } = randomSession(seed, 200, 2);
      const missing = log.filter(() => prng.int32(gen, 0, 5) === 0);
      const present = log.filter((update) => !missing.includes(update));
      const merged = mergeStored(present); // holds Skips where the missing updates go
      const afterwards = applyEach([merged, ...missing]);
      assert.deepEqual(describeDoc(afterwards), describeDoc(applyEach(log)), `seed ${seed}`);
      assertMergesLike([merged, ...shuffled(gen, missing)], `seed ${seed}: merged with gaps, then the rest`);
    }
  });

  it('splices a typing log byte for byte as Y.mergeUpdates merges it, leaving nothing to Yjs', () => {
    const gen = prng.create(7);
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const log: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => log.push(update));
    for (let i = 0; i < 2000; i++) {
      const text = (prng.int32(gen, 0, 9) === 0 ? b : a).getText('body');
      if (text.length > 0 && prng.int32(gen, 0, 4) === 0) text.delete(prng.int32(gen, 0, text.length - 1), 1);
      else text.insert(prng.int32(gen, 0, text.length), prng.oneOf(gen, ['a', 'é', '😀']));
      if (i % 50 === 0) {
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      }
    }
    const { merged, rest } = spliceLog(pack(log));
    assert.equal(rest.length, 0);
    assert.deepEqual(merged, Y.mergeUpdates(log));
  });

  it('leaves a block that partly overlaps another to Y.mergeUpdates', () => {
    const doc = new Y.Doc();
    const log: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => log.push(update));
    for (const letter of 'abcdefgh') doc.getText('t').insert(doc.getText('t').length, letter);
    const [first, second] = [Y.mergeUpdates(log.slice(0, 5)), Y.mergeUpdates(log.slice(3))]; // clocks 0–5, 3–8
    assert.equal(spliceLog([first, second]).rest.length, 1);
    assert.equal(
      applyEach([mergeStored([first, second])])
        .getText('t')
        .toString(),
      'abcdefgh',
    );
    assert.equal(
      applyEach([mergeStored([second, first])])
        .getText('t')
        .toString(),
      'abcdefgh',
    );
  });

  it('reads legacy JSON content (three clocks) and lets the next update continue after it', () => {
    const client = 12345;
    const legacy = rawUpdate(
      client,
      new Y.Item(
        Y.createID(client, 0),
        null,
        null,
        null,
        null,
        'a' as never,
        null,
        new Y.ContentJSON([1, 'x', undefined]),
      ),
    );
    const next = rawUpdate(
      client,
      new Y.Item(
        Y.createID(client, 3),
        null,
        Y.createID(client, 2),
        null,
        null,
        null as never,
        null,
        new Y.ContentAny(['y']),
      ),
    );
    assert.equal(spliceLog([legacy, next]).rest.length, 0);
    assert.deepEqual(
      applyEach([mergeStored([legacy, next])])
        .getArray('a')
        .toJSON(),
      [1, 'x', undefined, 'y'],
    );
  });

  it('is one empty update for no updates and the update itself for one', () => {
    assert.deepEqual(mergeStored([]), new Uint8Array([0, 0]));
    const one = Y.encodeStateAsUpdate(applyEach(randomSession(3, 20).log));
    assert.equal(mergeStored([one]), one);
  });

  it('falls back to Yjs for bytes that are not one update, and throws where Yjs throws', () => {
    const { log } = randomSession(60, 50);
    const trailing = new Uint8Array([...(log[1] as Uint8Array), 0, 0]); // Yjs reads an update and ignores the rest
    assert.throws(() => spliceLog([log[0] as Uint8Array, trailing]));
    assertMergesLike([log[0] as Uint8Array, trailing, ...log.slice(2)], 'trailing bytes', false);
    const truncated = (log[1] as Uint8Array).subarray(0, 3);
    assert.throws(() => spliceLog([log[0] as Uint8Array, truncated]));
    assert.throws(() => Y.mergeUpdates([log[0] as Uint8Array, truncated]));
    assert.throws(() => mergeStored([log[0] as Uint8Array, truncated]));
  });
});

/** A v1 update holding one item written by Yjs itself (for content the public API no longer makes). */
function rawUpdate(client: number, item: Y.Item): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const rest = encoder.restEncoder;
  for (const n of [1, 1, client, item.id.clock]) writeVarUint(rest, n);
  item.write(encoder, 0);
  writeVarUint(rest, 0); // no deletions
  return encoder.toUint8Array();
}
