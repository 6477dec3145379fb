/**
 * The field survey as a {@link WebApp} for `offgrid up` (and a test's server): `build()` bundles the page with
 * esbuild. esbuild is loaded inside `build()`, so the server, which imports `@offgrid/field-survey/node` for its
 * form routes, never loads it. Node only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebApp, WebAppFile } from '@offgrid/framework/node';
import { watchWorkspacePhotoHashes } from '../submission/media-blobs.ts';

const PAGE = join(import.meta.dirname, 'page');

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Field survey</title>
<link rel="stylesheet" href="survey.css">
<script type="module" src="survey.js"></script>
</head>
<body><div id="survey"></div></body>
</html>
`;

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** Bundles the page: `index.html`, `survey.js` (+ the xlsx reader as a chunk loaded on import), `survey.css`. */
async function buildPage(): Promise<ReadonlyMap<string, WebAppFile>> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { survey: join(PAGE, 'boot.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: '/out',
    chunkNames: 'chunk-[hash]',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map<string, WebAppFile>();
  const text = new TextEncoder();
  files.set('index.html', { body: text.encode(INDEX_HTML), contentType: TYPES['.html'] as string });
  files.set('survey.css', {
    body: new Uint8Array(await readFile(join(PAGE, 'survey.css'))),
    contentType: TYPES['.css'] as string,
  });
  for (const file of result.outputFiles) {
    const name = file.path.slice('/out/'.length);
    files.set(name, {
      body: file.contents,
      contentType: TYPES[name.slice(name.lastIndexOf('.'))] ?? 'text/plain',
    });
  }
  return files;
}

/**
 * The field survey page, served by `offgrid up` at `/field-survey/`; the agent's replica fetches and uploads the
 * photos its submissions name (`watchBlobReferences`).
 */
export const fieldSurveyApp: WebApp = {
  id: 'field-survey',
  title: 'Field survey',
  build: buildPage,
  watchBlobReferences: (workspace, reference) => watchWorkspacePhotoHashes(workspace, reference),
};
