/**
 * IndexedDB durability in real headless Chromium (Debian's /usr/bin/chromium): save through the workspace,
 * SIGKILL the browser process the moment the page logs "saved", relaunch on the same profile, the change is
 * there. Needs Chromium (`.ci/run` installs it).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { type DurabilityRig, startDurabilityRig } from '../testing/durability-rig.ts';

let rig: DurabilityRig;

before(async () => {
  rig = await startDurabilityRig(join(import.meta.dirname, 'testing/durability-page.ts'), {
    lineTimeoutMs: 20_000,
  });
});

after(() => rig?.close());

it('a change the workspace reported saved survives SIGKILL of Chromium right after', {
  timeout: 180_000,
}, async () => {
  const saved: string[] = [];
  for (let run = 0; run < 3; run++) {
    const value = `v${run}`;
    assert.equal(await rig.visit(`?save=${value}`, 'saved', true), `saved ${value}`);
    saved.push(value);
  }
  const line = await rig.visit('', 'values', false);
  assert.deepEqual((JSON.parse(line.slice('values '.length)) as string[]).sort(), saved);
  const check = JSON.parse((await rig.visit('?check', 'check', false)).slice('check '.length));
  assert.deepEqual(check.names, ['notes']);
  assert.equal(check.stored, 1, 'compaction folded the three stored updates into one');
  assert.deepEqual((check.values as string[]).sort(), saved);
});
