import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTrustedCommand, runUnpairCommand } from './trust-commands.ts';

const FP = `${'A'.repeat(43)}=`;

describe('trusted and unpair check the state directory', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'offgrid-cli-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('fail clearly for a state directory that does not exist (not "no trusted agents", exit 0)', async () => {
    const missing = join(root, 'nonexistent');
    await assert.rejects(runTrustedCommand(['--state-dir', missing]), {
      code: 'state-dir-missing',
      message: `${missing}: no such state directory`,
    });
    await assert.rejects(runUnpairCommand([FP, '--state-dir', missing]), { code: 'state-dir-missing' });
  });

  it('refuse a world-writable state directory', async () => {
    await chmod(root, 0o777);
    await assert.rejects(runTrustedCommand(['--state-dir', root]), { code: 'state-dir-insecure' });
    await chmod(root, 0o700);
  });
});
