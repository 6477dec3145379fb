import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { formDocName, submissionDocName } from '@offgrid/field-survey';
import { sampleBytes } from '@offgrid/field-survey/testing';
import { LiveForms } from './live-forms.ts';
import { type RunningServer, startServer } from './start-server.ts';
import { waitFor } from './testing/provider-client.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

let files: ServeFiles;
let server: RunningServer;

before(async () => {
  files = serveFiles([{ token: 'coord', access: 'read-write', prefixes: ['survey/'] }]);
  server = await startServer({ port: 0, dataPath: files.data, tokensPath: files.tokens, log: () => {} });
  const posted = await fetch(`http://127.0.0.1:${server.port}/api/forms`, {
    method: 'POST',
    headers: { Authorization: 'Bearer coord' },
    body: await sampleBytes('water-point'),
  });
  assert.equal(posted.status, 201);
});
after(async () => {
  await server?.close();
  files?.remove();
});

it('holds a form’s 17 documents open while asked about, and lets them go after the idle time', async () => {
  const live = new LiveForms(300);
  live.attach(server.hocuspocus);
  const [one, two] = await Promise.all([live.get('water_point'), live.get('water_point')]);
  assert.equal(one, two, 'one opening for concurrent requests');
  assert.equal(one.shards.length, 16);
  assert.equal(one.form()?.id, 'water_point');
  assert.ok(server.hocuspocus.documents.has(formDocName('water_point')));
  assert.ok(server.hocuspocus.documents.has(submissionDocName('water_point', 'x')));
  await waitFor(
    () => !server.hocuspocus.documents.has(formDocName('water_point')),
    5000,
    'documents unloaded',
  );
  assert.equal(server.hocuspocus.getDocumentsCount(), 0);
  const again = await live.get('water_point');
  assert.notEqual(again, one, 'opened anew after release');
  await live.closeAll();
  assert.equal(server.hocuspocus.getDocumentsCount(), 0);
  await assert.rejects(live.get('water_point'), /closing/);
});
