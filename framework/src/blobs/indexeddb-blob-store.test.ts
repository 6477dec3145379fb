/**
 * The IndexedDB blob store in real headless Chromium (/usr/bin/chromium): a blob `put` reported stored
 * survives SIGKILL of the browser right after; the relaunched page reads it back byte-identical and gets the
 * typed refusals (hash mismatch, size, malformed name).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { type DurabilityRig, startDurabilityRig } from '../testing/durability-rig.ts';

let rig: DurabilityRig;

before(async () => {
  rig = await startDurabilityRig(join(import.meta.dirname, 'testing/blob-page.ts'), {
    lineTimeoutMs: 30_000,
  });
});

after(() => rig?.close());

it('a blob reported stored survives SIGKILL of Chromium; refusals are typed', {
  timeout: 120_000,
}, async () => {
  const hash = (await rig.visit('?put=7', 'put ', true)).slice('put '.length);
  assert.match(hash, /^[0-9a-f]{64}$/);
  const check = JSON.parse((await rig.visit(`?check=${hash}`, 'check ', false)).slice('check '.length));
  assert.equal(check.has, true);
  assert.equal(check.rehash, hash, 'byte-identical after the kill');
  assert.equal(check.size, 2 * 1024 * 1024);
  assert.deepEqual(check.list, [hash]);
  assert.equal(check.missing.length, 1);
  assert.notEqual(check.missing[0], hash);
  assert.equal(check.mismatch, 'hash-mismatch');
  assert.equal(check.tooLarge, 'too-large');
  assert.equal(check.invalid, 'invalid-hash');
});
