/**
 * Runs the element tests (`src/**‍/*.browser-test.ts`) in headless Chromium with @web/test-runner: each test file is
 * bundled with esbuild first (the runner serves plain JavaScript; its own TypeScript plugin is not installed),
 * then loaded by the runner into a page of `/usr/bin/chromium` (or `$CHROMIUM`) driven through
 * `@web/test-runner-chrome`, started by the project's one test launcher (`launchChromium`,
 * `@offgrid/transport-lp2p/testing/chromium`). The `ax-tree` command gives tests the whole accessibility tree.
 * Exit code 0 when every test passed. `npm run test:browser -w components`; the root `npm test` runs it.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LaunchedChromium, launchChromium } from '@offgrid/transport-lp2p/testing/chromium';
import { startTestRunner } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';

const src = join(import.meta.dirname, 'src');
const only = process.argv.slice(2);
const tests = (await readdir(src, { recursive: true }))
  .filter((file) => file.endsWith('.browser-test.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .map((file) => join(src, file));
const out = await mkdtemp(join(tmpdir(), 'offgrid-wtr-'));
await build({
  entryPoints: tests,
  outbase: src,
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2023',
  sourcemap: 'inline',
  // The commands module reaches the runner over its own WebSocket module, served by the runner.
  external: ['/__web-dev-server__web-socket.js'],
  logLevel: 'warning',
});
/** The browsers the runner started, each closed (and its profile removed) at the end. */
const launched: LaunchedChromium[] = [];
/** What the runner calls to start Chromium: the shared launcher instead of its own puppeteer launch. */
const sharedLauncher = {
  async launch() {
    const chromium = await launchChromium();
    launched.push(chromium);
    return chromium.browser;
  },
} as unknown as NonNullable<Parameters<typeof chromeLauncher>[0]>['puppeteer'];

const runner = await startTestRunner({
  readCliArgs: false,
  readFileConfig: false,
  autoExitProcess: false,
  config: {
    rootDir: out,
    files: [join(out, '**/*.browser-test.js')],
    nodeResolve: false,
    concurrency: 1,
    testsFinishTimeout: 120_000,
    testFramework: { config: { timeout: 10_000 } },
    browsers: [chromeLauncher({ puppeteer: sharedLauncher })],
    plugins: [
      {
        name: 'ax-tree',
        async executeCommand({ command, session }) {
          if (command !== 'ax-tree') return undefined;
          const browser = session.browser as unknown as {
            getPage(id: string): { accessibility: { snapshot(o: object): Promise<unknown> } };
          };
          return browser.getPage(session.id).accessibility.snapshot({ interestingOnly: false });
        },
      },
    ],
  },
});
if (!runner) process.exit(1);
const passed = await new Promise<boolean>((resolve) => runner.on('finished', resolve));
await runner.stop();
// Chromium may still be writing its profile as it exits: retry, and never fail a passing run over the clean-up.
const cleanUp = { recursive: true, force: true, maxRetries: 10, retryDelay: 100 };
await Promise.allSettled([rm(out, cleanUp), ...launched.map((chromium) => chromium.close())]);
process.exit(passed ? 0 : 1);
