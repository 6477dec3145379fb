/**
 * The page and the model run in browsers: their sources (not tests, not testing/, not the host's node.ts) import
 * no `node:` module and use no `Buffer`, `process` or `setImmediate`. The package's tsconfig has Node types for
 * its tests, so tsc alone would not catch these; the page bundle (node.test.ts) covers only what boot.ts reaches.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { it } from 'node:test';

async function* sources(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'testing') yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'node.ts')
      yield path;
  }
}

it('page and model sources are portable', async () => {
  const violations: string[] = [];
  let count = 0;
  for await (const file of sources(import.meta.dirname)) {
    count++;
    const text = await readFile(file, 'utf8');
    for (const pattern of [/from 'node:/, /\bBuffer\b/, /\bprocess\./, /\bsetImmediate\b/])
      if (pattern.test(text)) violations.push(`${relative(import.meta.dirname, file)}: ${pattern}`);
  }
  assert.ok(count >= 12, `only ${count} sources found`);
  assert.deepEqual(violations, []);
});
