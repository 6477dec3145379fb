/**
 * An agent starts from a state directory on a read-only file system (issue 9, item 11: agent-state.json was
 * rewritten on every start), with a crash's temporary file it cannot remove. Needs root for a private mount
 * namespace (the bind mount is invisible outside it).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const START = join(import.meta.dirname, 'testing/start-agent.ts');
const skip = process.getuid?.() === 0 ? false : 'needs root for a mount namespace';

it('starts from a read-only state directory, with the same identity', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-ro-'));
  try {
    const first = (await run(process.execPath, [START, dir])).stdout.trim();
    const leftover = join(dir, '.known-peers.json.0123456789ab.tmp');
    await writeFile(leftover, 'partial');
    const past = new Date(Date.now() - 120_000);
    await utimes(leftover, past, past);
    const before = (await readdir(dir)).sort();
    const script = `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && "$2" "$3" "$1"`;
    const { stdout } = await run('unshare', ['-m', 'sh', '-c', script, 'sh', dir, process.execPath, START]);
    assert.equal(stdout.trim(), first);
    assert.deepEqual((await readdir(dir)).sort(), before, 'nothing was written');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
