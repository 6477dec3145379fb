/**
 * The elements run in browsers: their sources (not tests, not testing/) import no `node:` module and use no
 * `Buffer`, `process` or `setImmediate`. The package's tsconfig has Node types for its tests, so tsc alone
 * would not catch these.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';

it('element sources are portable', async () => {
  const dir = import.meta.dirname;
  const files = (await readdir(dir)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  assert.ok(files.length >= 10, `only ${files.length} sources found`);
  const violations: string[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    for (const pattern of [/from 'node:/, /\bBuffer\b/, /\bprocess\./, /\bsetImmediate\b/])
      if (pattern.test(text)) violations.push(`${file}: ${pattern}`);
  }
  assert.deepEqual(violations, []);
});
