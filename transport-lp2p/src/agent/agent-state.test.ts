import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadAgentState } from './agent-state.ts';

describe('loadAgentState', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'offgrid-state-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes agent-state.json only when it changes, so a read-only state directory can start', async () => {
    const file = join(root, 'agent-state.json');
    const first = await loadAgentState(root, 'Kitchen');
    const written = await stat(file);
    // Every write is an atomic rename: a new inode. The same inode means the file was not rewritten.
    assert.deepEqual(await loadAgentState(root, 'Kitchen'), first);
    assert.equal((await stat(file)).ino, written.ino);
    const renamed = await loadAgentState(root, 'Pantry');
    assert.equal(renamed.metadataVersion, first.metadataVersion + 1);
    assert.equal(renamed.stateToken, first.stateToken);
    assert.notEqual((await stat(file)).ino, written.ino);
  });
});
