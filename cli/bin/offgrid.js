#!/usr/bin/env node
// Entry point of the `offgrid` command. The CLI is TypeScript run directly by Node ≥ 22.18 (type stripping). Under
// an older Node (a system Node 20, say), run again with the Node 24 that `npm install` put in node_modules.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const pinned = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
  if (!existsSync(pinned) || realpathSync(pinned) === realpathSync(process.execPath)) {
    console.error(
      `offgrid needs Node 22.18 or newer (this is ${process.version}); run \`npm install\` in the project.`,
    );
    process.exit(1);
  }
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import('../src/main.ts');
}
