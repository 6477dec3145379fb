import { join } from 'node:path';

let bundle: Promise<string> | undefined;

/**
 * The browser module (`src/browser/index.ts` and what it imports) as one ES module, built once per process: pages
 * load it from the bridge at `/lp2p.js`, and its own URL tells it where the bridge is.
 */
export function browserBundle(): Promise<string> {
  // Loaded on first use: programs that import the node entry without serving pages never load esbuild.
  bundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [join(import.meta.dirname, '..', 'browser', 'index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2023',
        write: false,
        logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0]?.text ?? '');
  return bundle;
}
