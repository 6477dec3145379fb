import { join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';

const SRC = join(import.meta.dirname, '..');

/**
 * Marks the package's own modules free of side effects, so the bundle keeps only what the browser entry uses. The
 * entry imports the API through folder doors (`api/index.ts` and the like), which also export pairing, codecs and
 * QR code: unmarked, their top-level statements (curve points computed at load, the CommonJS `qrcode` required)
 * would keep @noble/curves, @noble/hashes and qrcode in the bundle (292 KB then). The one module with a side
 * effect, `api/node-host.ts`, is Node's and never reached from the browser entry.
 */
const ownModulesArePure: Plugin = {
  name: 'own-modules-are-pure',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      return args.importer.startsWith(SRC) && path.startsWith(SRC) ? { path, sideEffects: false } : undefined;
    });
  },
};

let bundle: Promise<string> | undefined;

/**
 * The browser module (`src/browser/index.ts` and what it imports) as one minified ES module, built once per
 * process: pages load it from the bridge at `/lp2p.js`, and its own URL tells it where the bridge is. Names are
 * kept: error classes take their `name` from their constructor.
 */
export function browserBundle(): Promise<string> {
  // Loaded on first use: programs that import the node entry without serving pages never load esbuild.
  bundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [join(SRC, 'browser', 'index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2023',
        minify: true,
        keepNames: true,
        plugins: [ownModulesArePure],
        write: false,
        logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0]?.text ?? '');
  return bundle;
}
