import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import { FormSubmissions } from './form-submissions.ts';
import { submissionDocName } from './submission-docs.ts';

it('routes each submission to its shard document and gathers the review queue of all shards', () => {
  const docsA = new Map<string, Y.Doc>();
  const docsB = new Map<string, Y.Doc>();
  const open = (docs: Map<string, Y.Doc>) => (name: string) => {
    let doc = docs.get(name);
    if (!doc) {
      doc = new Y.Doc();
      docs.set(name, doc);
    }
    return doc;
  };
  const a = new FormSubmissions('f', open(docsA), { author: { device: 'a', person: 'A' } });
  const b = new FormSubmissions('f', open(docsB), { author: { device: 'b', person: 'B' } });
  const ids = Array.from({ length: 40 }, (_, i) => a.create('1', { n: i }));
  for (const id of ids) assert.ok(docsA.get(submissionDocName('f', id))?.getMap('submissions').has(id));
  assert.ok(docsA.size > 8, 'spread over the shards');
  const sync = () => {
    for (const name of new Set([...docsA.keys(), ...docsB.keys()])) {
      const x = open(docsA)(name);
      const y = open(docsB)(name);
      Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)));
      Y.applyUpdate(x, Y.encodeStateAsUpdate(y, Y.encodeStateVector(x)));
    }
  };
  sync();
  assert.deepEqual(b.ids().sort(), [...ids].sort());
  const [first = '', second = ''] = ids;
  a.set(first, 'n', 100);
  b.set(first, 'n', 200);
  a.set(second, 'm', 'x');
  sync();
  assert.deepEqual(
    b.reviewQueue().map((q) => [q.id, q.conflicts[0]?.values.map((v) => v.value).sort()]),
    [[first, [100, 200]]],
  );
  b.resolve(first, 'n', 150);
  sync();
  assert.deepEqual(a.reviewQueue(), []);
  assert.equal(a.view(first).values.n, 150);
  assert.equal(a.view(second).values.m, 'x');
});
