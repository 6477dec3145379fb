/**
 * Keeps the import direction of docs/architecture.md true: a folder imports only folders listed before it, and
 * only through their doors — `index.ts` (portable) or `node.ts` (Node-only). The package entries (`index.ts`,
 * `node.ts` here) sit above every folder. Test code (`*.test.ts`, anything in a `testing` folder) may also import
 * test fixtures (anything in a `testing` folder) directly.
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
  'browser',
  'local-https',
  'bridge',
  'testing',
];
const DOORS = ['index.ts', 'node.ts'];
const root = import.meta.dirname;
const IMPORT = /^(?:import|export)[^'"]*?from '(\.[^']+)'|^import '(\.[^']+)'/gm;

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const parts = (file: string) => relative(root, file).split('/');
/** A folder's rank, lowest first; files at the top of src/ (the package entries) rank above every folder. */
const rank = (file: string) =>
  parts(file).length === 1 ? LAYERS.length : LAYERS.indexOf(parts(file)[0] ?? '');
const isFixture = (file: string) => parts(file).includes('testing');
const isDoor = (file: string) => parts(file).length === 2 && DOORS.includes(parts(file)[1] ?? '');

it('folders of transport-lp2p/src import only lower folders, through their index.ts or node.ts', async () => {
  const violations: string[] = [];
  let checked = 0;
  for await (const file of sourceFiles(root)) {
    const from = rank(file);
    if (from < 0) continue;
    const test = file.endsWith('.test.ts') || isFixture(file);
    const text = await readFile(file, 'utf8');
    for (const [, specifier, bare] of text.matchAll(IMPORT)) {
      const target = join(dirname(file), (specifier ?? bare) as string);
      const to = rank(target);
      checked++;
      if (to === from) continue; // Inside one folder (or between the entries): free.
      if ((to < from && isDoor(target)) || (test && isFixture(target))) continue;
      violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
    }
  }
  assert.ok(checked > 100, `only ${checked} imports checked: the scan is broken`);
  assert.deepEqual(violations, []);
});
