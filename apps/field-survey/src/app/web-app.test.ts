/**
 * `fieldSurveyApp`: the WebApp contract (id, title, built files), a page with no inline script for a
 * `script-src 'self'` CSP, and esbuild kept out of the server's import of `@offgrid/field-survey/node`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { fieldSurveyApp } from '../node.ts';

it('builds index.html, the bundle, its xlsx chunk and the stylesheet; no inline script', {
  timeout: 120_000,
}, async () => {
  assert.equal(fieldSurveyApp.id, 'field-survey');
  assert.equal(fieldSurveyApp.title, 'Field survey');
  const files = await fieldSurveyApp.build();
  const html = new TextDecoder().decode(files.get('index.html')?.body);
  assert.match(html, /<script type="module" src="survey.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="survey.css">/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.equal(files.get('survey.js')?.contentType, 'text/javascript; charset=utf-8');
  assert.equal(files.get('survey.css')?.contentType, 'text/css; charset=utf-8');
  const chunks = [...files.keys()].filter((name) => name.startsWith('chunk-'));
  assert.ok(chunks.length >= 1, 'the xlsx reader is a chunk of its own');
  const main = files.get('survey.js')?.body.byteLength ?? 0;
  const biggest = Math.max(...chunks.map((name) => files.get(name)?.body.byteLength ?? 0));
  assert.ok(biggest > main, `exceljs (${biggest} bytes) is not in the page's own bundle (${main} bytes)`);
  for (const name of chunks)
    assert.match(new TextDecoder().decode(files.get('survey.js')?.body), new RegExp(name));
});

it('importing the node entry (as the server does) does not load esbuild', async () => {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
    const entry = await import('@offgrid/field-survey/node');
    console.log(JSON.stringify({ app: entry.fieldSurveyApp.id, esbuild: seen.some((s) => s.startsWith('esbuild')), exceljs: seen.includes('exceljs') }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
  });
  // exceljs (which the entry does load) proves the hook sees the imports.
  assert.deepEqual(JSON.parse(stdout), { app: 'field-survey', esbuild: false, exceljs: true });
});
