/**
 * The coordinator page's files as `offgrid serve` serves them under `/coordinator/`: `index.html`, the style
 * sheet, and `page/main.ts` with what it imports bundled into one ES module by esbuild. Built once per process,
 * on first use (a server that nobody opens the page on never loads esbuild). Node only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PageFile {
  readonly body: Uint8Array;
  readonly contentType: string;
}

const PAGE = join(import.meta.dirname, 'page');
let files: Promise<ReadonlyMap<string, PageFile>> | undefined;

/** Path under `/coordinator/` → file. A failed build is not cached: the next request tries again. */
export function coordinatorPageFiles(): Promise<ReadonlyMap<string, PageFile>> {
  files ??= build().catch((error: unknown) => {
    files = undefined;
    throw error;
  });
  return files;
}

async function build(): Promise<ReadonlyMap<string, PageFile>> {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    entryPoints: [join(PAGE, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2023',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.contents;
  if (!script) throw new Error('esbuild produced no output for the coordinator page');
  const text = (type: string) => `${type}; charset=utf-8`;
  return new Map([
    ['index.html', { body: await readFile(join(PAGE, 'index.html')), contentType: text('text/html') }],
    [
      'coordinator.css',
      { body: await readFile(join(PAGE, 'coordinator.css')), contentType: text('text/css') },
    ],
    ['coordinator.js', { body: script, contentType: text('text/javascript') }],
  ]);
}
