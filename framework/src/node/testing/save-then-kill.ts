import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Starts the child, waits for its "saved" line, SIGKILLs it at once, and waits until it is gone. */
export async function saveThenKill(layer: string, path: string, value: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'save-then-wait.ts'), layer, path, value],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`child exited before saving: ${out}`)));
  });
  assert.equal(out, `saved ${value}\n`);
  await exited;
}
