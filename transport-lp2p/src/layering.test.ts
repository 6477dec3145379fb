/**
 * Keeps the import direction of docs/architecture.md true: a folder imports only from folders listed before it.
 * Test code (`*.test.ts`, conformance suites, any `testing` folder) may also import test fixtures.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { it } from 'node:test';

const LAYERS = [
  'errors',
  'identity',
  'platform',
  'protocol',
  'discovery',
  'pairing',
  'trust',
  'agent',
  'api',
  'cli',
  'testing',
];
const root = import.meta.dirname;

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const layerOf = (file: string) => relative(root, file).split('/')[0] ?? '';
const isFixture = (file: string) => relative(root, file).split('/').includes('testing');

it('imports flow one way between the folders of transport-lp2p/src', async () => {
  const violations: string[] = [];
  let checked = 0;
  for await (const file of sourceFiles(root)) {
    const from = LAYERS.indexOf(layerOf(file));
    if (from < 0) continue;
    const test = file.endsWith('.test.ts') || file.endsWith('-conformance.ts') || isFixture(file);
    const text = await readFile(file, 'utf8');
    for (const [, specifier] of text.matchAll(/^(?:import|export)[^'"]*?from '(\.[^']+)'/gm)) {
      const target = join(dirname(file), specifier as string);
      const to = LAYERS.indexOf(layerOf(target));
      checked++;
      if (to <= from || (test && isFixture(target))) continue;
      violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
    }
  }
  assert.ok(checked > 100, `only ${checked} imports checked: the scan is broken`);
  assert.deepEqual(violations, []);
});
