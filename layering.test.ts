/**
 * Package doors: code imports another package only through its entries (`@offgrid/transport-lp2p`, `/node`,
 * `/testing`), never a path into its `src/`; and the sync layer's library code does not know the transport at all
 * (docs/architecture.md: sync runs on any data-channel-like channel), only its tests and test rigs may.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { it } from 'node:test';

const root = import.meta.dirname;
const { workspaces } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  workspaces: string[];
};
const IMPORT = /(?:^(?:import|export)[^'"]*?from |^import |\bimport\()\s*'([^']+)'/gm;

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* sourceFiles(path);
    else if (/\.[jt]s$/.test(entry.name)) yield path;
  }
}

/** Every import in the workspaces and bench/, as [file, specifier] relative to the repository root. */
async function imports(): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for (const folder of [...workspaces, 'bench']) {
    for await (const file of sourceFiles(join(root, folder))) {
      const text = await readFile(file, 'utf8');
      for (const [, specifier] of text.matchAll(IMPORT))
        found.push([relative(root, file), specifier as string]);
    }
  }
  return found;
}

const all = await imports();
const packageOf = (path: string) => workspaces.find((folder) => path.startsWith(folder + sep));

it('imports another package only through its entries, never its src/', () => {
  assert.ok(all.length > 500, `only ${all.length} imports found: the scan is broken`);
  const violations = all.filter(([file, specifier]) => {
    if (/^@offgrid\/[^/]+\/src\//.test(specifier)) return true;
    if (!specifier.startsWith('.')) return false;
    const target = relative(root, join(root, dirname(file), specifier));
    const owner = packageOf(target);
    return owner !== undefined && owner !== packageOf(file) && target.startsWith(join(owner, 'src') + sep);
  });
  assert.deepEqual(violations, []);
});

it('sync library code does not import the transport (its tests and testing/ may)', () => {
  const violations = all.filter(
    ([file, specifier]) =>
      file.startsWith(`sync${sep}`) &&
      !file.endsWith('.test.ts') &&
      !file.split(sep).includes('testing') &&
      specifier.startsWith('@offgrid/transport-lp2p'),
  );
  assert.deepEqual(violations, []);
});
