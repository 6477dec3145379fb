import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { JsonLines } from './json-lines.ts';

test('waits for a matching line, skipping non-JSON output', async () => {
  const stream = new PassThrough();
  const lines = new JsonLines<{ n: number }>(stream);
  const waiting = lines.waitFor((line) => line.n === 2, 1000);
  stream.write('noise\n{"n":1}\n{"n":2}\n');
  assert.deepEqual(await waiting, { n: 2 });
  assert.equal(lines.count, 2);
  assert.deepEqual(lines.latest, { n: 2 });
});

test('past lines match unless `since` excludes them', async () => {
  const stream = new PassThrough();
  const lines = new JsonLines<{ n: number }>(stream);
  stream.write('{"n":1}\n');
  await lines.waitFor(() => true, 1000);
  assert.deepEqual(await lines.waitFor((line) => line.n === 1, 0), { n: 1 });
  const later = lines.waitFor((line) => line.n === 1, 1000, { since: lines.count });
  stream.write('{"n":1}\n');
  assert.deepEqual(await later, { n: 1 });
});

test('times out and fails when the stream ends', async () => {
  const stream = new PassThrough();
  const lines = new JsonLines(stream, { maxLines: 2 });
  await assert.rejects(
    lines.waitFor(() => false, 20),
    /no matching line within 20 ms/,
  );
  const pending = lines.waitFor(() => false, 1000);
  stream.end('{"a":1}\n');
  await assert.rejects(pending, /stream ended/);
});
