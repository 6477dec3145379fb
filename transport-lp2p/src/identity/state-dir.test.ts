import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { StateDirError } from '../errors/index.ts';
import { readOptionalFile, writeFileAtomic } from './atomic-file.ts';
import { IdentityStore } from './identity-store.ts';
import { prepareStateDir, STALE_TEMP_AGE_MS } from './state-dir.ts';

describe('prepareStateDir', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'offgrid-state-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('removes temporary files a crash left behind, but not one a live write may still own', async () => {
    const old = join(root, '.known-peers.json.0123456789ab.tmp');
    const fresh = join(root, '.agent-state.json.ba9876543210.tmp');
    await writeFile(old, Buffer.alloc(512 * 1024));
    await writeFile(fresh, 'partial');
    const past = new Date(Date.now() - STALE_TEMP_AGE_MS - 5000);
    await utimes(old, past, past);
    await writeFile(join(root, 'keep.tmp'), 'not ours');
    await prepareStateDir(root, { create: false });
    assert.deepEqual((await readdir(root)).sort(), ['.agent-state.json.ba9876543210.tmp', 'keep.tmp']);
  });

  it('refuses a group- or world-writable state directory, naming it and the fix', async () => {
    await chmod(root, 0o777);
    await assert.rejects(prepareStateDir(root, { create: true }), (error: StateDirError) => {
      assert.equal(error.code, 'state-dir-insecure');
      assert.match(error.message, new RegExp(`${root}: .*writable by group or others \\(mode 0777\\)`));
      assert.match(error.message, /chmod go-w/);
      return true;
    });
    await chmod(root, 0o720);
    await assert.rejects(prepareStateDir(root, { create: true }), { code: 'state-dir-insecure' });
  });

  it('refuses a world-writable known-peers.json, as anyone could add a trusted fingerprint', async () => {
    await chmod(root, 0o700);
    const file = join(root, 'known-peers.json');
    await writeFile(file, '{"version":1,"peers":[]}');
    await chmod(file, 0o666);
    await assert.rejects(prepareStateDir(root, { create: false }), (error: StateDirError) => {
      assert.equal(error.code, 'state-dir-insecure');
      assert.equal(error.path, file);
      assert.match(error.message, /mode 0666/);
      return true;
    });
    await chmod(file, 0o600);
    await prepareStateDir(root, { create: false });
  });

  it('fails clearly for a missing directory unless asked to create it (0700)', async () => {
    const missing = join(root, 'nonexistent');
    await assert.rejects(prepareStateDir(missing, { create: false }), {
      code: 'state-dir-missing',
      message: `${missing}: no such state directory`,
    });
    await prepareStateDir(missing, { create: true });
    await prepareStateDir(missing, { create: false });
  });

  it('names the file when a state file is a directory (EISDIR)', async () => {
    const path = join(root, 'known-peers.json');
    await mkdir(path);
    await assert.rejects(prepareStateDir(root, { create: false }), { path, code: 'state-file-io' });
    await assert.rejects(readOptionalFile(path), (error: StateDirError) => {
      assert.equal(error.path, path);
      assert.match(error.message, new RegExp(`^${path}: cannot read \\(it is a directory\\)`));
      return true;
    });
    await assert.rejects(writeFileAtomic(path, 'x', 0o600), { path, code: 'state-file-io' });
  });

  it('names the identity file that is a directory', async () => {
    const key = join(root, 'agent-key.pem');
    await mkdir(key);
    await assert.rejects(
      new IdentityStore(root).load({ instanceName: 'A', modelName: 'm' }),
      (error: Error & { path: string }) => {
        assert.equal(error.path, key);
        assert.match(error.message, /agent-key\.pem: .*it is a directory/);
        return true;
      },
    );
  });
});
