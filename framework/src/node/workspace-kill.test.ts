import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { openWorkspace } from '../workspace/workspace.ts';
import { SqliteDocumentStore } from './sqlite-store.ts';
import { saveThenKill } from './testing/save-then-kill.ts';

it('a change the workspace reported saved survives SIGKILL of the process right after (20 runs)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-workspace-kill-'));
  try {
    const path = join(dir, 'notes.db');
    for (let run = 0; run < 20; run++) await saveThenKill('workspace', path, `v${run}`);
    const workspace = openWorkspace({ appId: 'kill-test', store: new SqliteDocumentStore(path) });
    await workspace.whenLoaded('notes');
    const values = workspace.doc('notes').getArray<string>('values').toArray();
    assert.deepEqual(values.sort(), Array.from({ length: 20 }, (_, run) => `v${run}`).sort());
    await workspace.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
