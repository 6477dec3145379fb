/**
 * `@offgrid/notes/node`: the notes app as `offgrid up` serves it (framework/src/node/web-app.ts). The page is
 * static files: `index.html`, `notes.css`, `icon.svg` and `notes.js`, the esbuild bundle of the boot module; no
 * inline script or style attribute of ours, so the host's `script-src 'self'` holds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebApp, WebAppFile } from '@offgrid/framework/node';
import { build } from 'esbuild';
import { followNotes } from './model/follow-notes.ts';

const pageDir = join(import.meta.dirname, 'page');

/**
 * The page's files keyed by path. `entry` replaces the boot module (tests mount the app over workspaces of their
 * own); `minify` defaults to true.
 */
export async function buildNotesPage(
  options: { entry?: string; minify?: boolean } = {},
): Promise<Map<string, WebAppFile>> {
  const bundle = await build({
    entryPoints: [options.entry ?? join(pageDir, 'boot.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const script = bundle.outputFiles[0];
  if (script === undefined) throw new Error('esbuild produced no bundle for the notes page');
  const file = async (name: string, contentType: string): Promise<[string, WebAppFile]> => [
    name,
    { body: new Uint8Array(await readFile(join(pageDir, name))), contentType },
  ];
  return new Map([
    await file('index.html', 'text/html; charset=utf-8'),
    await file('notes.css', 'text/css; charset=utf-8'),
    await file('icon.svg', 'image/svg+xml'),
    ['notes.js', { body: script.contents, contentType: 'text/javascript; charset=utf-8' }],
  ]);
}

/** Offgrid Notes for `offgrid up`: served at `/notes/`, workspace `notes`. */
export const notesApp: WebApp = {
  id: 'notes',
  title: 'Notes',
  build: () => buildNotesPage(),
  // The agent carries every note, not only those a page on this device opened: the index and each note it lists.
  replica: (workspace) => followNotes((name) => workspace.doc(name)),
};
