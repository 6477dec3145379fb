/**
 * The `.` entry is portable: walking its static imports never reaches a `node:` module or the xlsx reader, and
 * no module it reaches uses `Buffer` or `setImmediate`.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { it } from 'node:test';

const root = import.meta.dirname;
const FORBIDDEN = /^(node:|exceljs$|csv-stringify$|csv-stringify\/sync$)/;
const IMPORT = /^(?:import|export)(\s+type\b)?[^'"]*?from '([^']+)'|^import '([^']+)'/gm;

async function walk(entry: string): Promise<{ reached: Set<string>; problems: string[] }> {
  const reached = new Set([join(root, entry)]);
  const problems: string[] = [];
  for (const file of reached) {
    const text = await readFile(file, 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    if (/\bBuffer\b|\bsetImmediate\b/.test(code))
      problems.push(`${relative(root, file)} uses Buffer or setImmediate`);
    for (const [, typeOnly, from, bare] of text.matchAll(IMPORT)) {
      const specifier = (from ?? bare) as string;
      if (typeOnly) continue;
      if (specifier.startsWith('.')) reached.add(join(dirname(file), specifier));
      else if (FORBIDDEN.test(specifier)) problems.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  return { reached, problems };
}

it('the portable entry reaches no Node-only module', async () => {
  const { reached, problems } = await walk('index.ts');
  assert.ok(reached.has(join(root, 'expression/parse.ts')), 'the walk did not reach the parser');
  assert.ok(reached.size > 15, `only ${reached.size} modules reached: the walk is broken`);
  assert.deepEqual(problems, []);
});

it('flags what it is meant to flag: the node entry reaches exceljs', async () => {
  const { problems } = await walk('node.ts');
  assert.ok(problems.some((p) => p.includes('exceljs')));
});
