/**
 * The draft's and the explainer's examples (`api/examples/*.example.ts`), bundled for a page: the example's code
 * as it is, with the API it imports (`../index.ts`) taken from the bridge's browser module (`/lp2p.js`, external,
 * so the page shares one module instance) and the Node example environment replaced by the page's
 * (`page-example-environment.ts`). The explainer's `options` name the page's device (`OFFGRID_NAME` in Node).
 */
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const SRC = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(SRC, 'api', 'examples');
/** The modules that stand for the API in the examples and the page environment. */
const API_ENTRIES = new Set([join(SRC, 'api', 'index.ts'), join(SRC, 'browser', 'index.ts')]);
const PAGE_ENVIRONMENT = join(import.meta.dirname, 'page-example-environment.ts');

const pageImports = (moduleUrl: string): Plugin => ({
  name: 'page-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\/example-environment\.ts$/ }, () => ({ path: PAGE_ENVIRONMENT }));
    build.onResolve({ filter: /\/index\.ts$/ }, (args) =>
      API_ENTRIES.has(resolve(args.resolveDir, args.path)) ? { path: moduleUrl, external: true } : undefined,
    );
  },
});

/**
 * The example `file` (a `*.example.ts` name in `api/examples/`) as one ES module importing `moduleUrl`.
 * @throws Error for a name that is not an example there.
 */
export async function exampleBundle(file: string, moduleUrl: string, deviceName: string): Promise<string> {
  if (!/^[a-z0-9-]+\.example\.ts$/.test(file)) throw new Error(`${file} is not an example`);
  const result = await build({
    entryPoints: [join(EXAMPLES, file)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2023',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.OFFGRID_NAME': JSON.stringify(deviceName) },
    plugins: [pageImports(moduleUrl)],
  });
  return result.outputFiles[0]?.text ?? '';
}
