import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as Y from 'yjs';
import { connectClient, waitFor } from './testing/provider-client.ts';
import { type ServeProcess, startServeProcess } from './testing/serve-process.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

describe('offgrid serve (a real process) with unmodified @hocuspocus/provider clients', () => {
  let files: ServeFiles;
  let server: ServeProcess;

  before(async () => {
    files = serveFiles([{ token: 'team-a', access: 'read-write', prefixes: ['survey/2026-flood/'] }]);
    server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
  });
  after(async () => {
    await server?.stop();
    files?.remove();
  });

  it('prints serving ws://127.0.0.1:PORT and answers GET /healthz with 200', async () => {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok\n');
  });

  it('syncs text between two providers, which converge, and keeps it across a restart', async () => {
    const name = 'survey/2026-flood/site-1';
    const a = connectClient(server.url, name, 'team-a');
    const b = connectClient(server.url, name, 'team-a');
    try {
      await waitFor(() => a.provider.synced && b.provider.synced, 5000, 'both synced');
      a.doc.getText('t').insert(0, 'hello ');
      b.doc.getText('t').insert(0, 'world ');
      await waitFor(
        () =>
          a.doc.getText('t').toString() === b.doc.getText('t').toString() && a.doc.getText('t').length === 12,
        5000,
        'convergence',
      );
      await waitFor(() => !a.provider.hasUnsyncedChanges && !b.provider.hasUnsyncedChanges, 5000, 'acks');
    } finally {
      a.destroy();
      b.destroy();
    }
    const text = a.doc.getText('t').toString();
    assert.equal(await server.stop(), 0, 'clean exit on SIGTERM');
    server = await startServeProcess([
      '--port',
      String(server.port),
      '--data',
      files.data,
      '--tokens',
      files.tokens,
    ]);
    const c = connectClient(server.url, name, 'team-a', new Y.Doc());
    try {
      await waitFor(() => c.provider.synced, 5000, 'synced after restart');
      assert.equal(c.doc.getText('t').toString(), text);
    } finally {
      c.destroy();
    }
  });
});
