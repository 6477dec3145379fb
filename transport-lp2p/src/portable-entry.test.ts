/**
 * The package's `.` entry (`src/index.ts`) is the portable API: walking its static imports never reaches a Node
 * module, native QUIC, mDNS or the terminal QR renderer. Type-only imports are erased, so they are not followed.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { it } from 'node:test';

const root = import.meta.dirname;
const FORBIDDEN = /^(node:|@matrixai\/quic|multicast-dns|qrcode\/lib\/renderer\/terminal)/;
/** `qrcode`'s Node build renders for terminals when asked by option; a portable module never asks. */
const TERMINAL_QR = /type:\s*'terminal'/;
const IMPORT = /^(?:import|export)(\s+type\b)?[^'"]*?from '([^']+)'|^import '([^']+)'/gm;

it('the portable entry reaches no Node-only module', async () => {
  const reached = new Set([join(root, 'index.ts')]);
  const problems: string[] = [];
  for (const file of reached) {
    const text = await readFile(file, 'utf8');
    if (TERMINAL_QR.test(text)) problems.push(`${relative(root, file)} renders a terminal QR code`);
    for (const [, typeOnly, from, bare] of text.matchAll(IMPORT)) {
      const specifier = (from ?? bare) as string;
      if (typeOnly) continue;
      if (specifier.startsWith('.')) reached.add(join(dirname(file), specifier));
      else if (FORBIDDEN.test(specifier)) problems.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  assert.ok(reached.has(join(root, 'api/lp2p-receiver.ts')), 'the walk did not reach the LP2P classes');
  assert.ok(reached.size > 50, `only ${reached.size} modules reached: the walk is broken`);
  assert.deepEqual(problems, []);
});

it('flags what it is meant to flag', async () => {
  // The Node entry does reach QUIC and node:*, so the same walk from it must find them.
  const text = await readFile(join(root, 'platform/quic-dial.ts'), 'utf8');
  assert.match(text, /from '@matrixai\/quic'/);
  assert.ok([...text.matchAll(IMPORT)].some(([, , from]) => FORBIDDEN.test(from ?? '')));
});
