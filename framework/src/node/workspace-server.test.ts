/**
 * A workspace with `server: { url, token }` against a real `offgrid serve` (Hocuspocus): it goes online, its
 * changes reach the server and are confirmed, another workspace gets them through the server, and after the
 * server process is killed (SIGKILL) and started again on the same port the workspace reconnects by itself.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { type ServeProcess, serveFiles, startServeProcess } from '@offgrid/server/testing';
import { MemoryDocumentStore } from '../store/memory-store.ts';
import { statusUntil } from '../workspace/testing/status-until.ts';
import { openWorkspace } from './open-workspace.ts';

const files = serveFiles([{ token: 'team-token', access: 'read-write', prefixes: ['notes/'] }]);
after(() => files.remove());

it('syncs through offgrid serve, reports its confirmations, and reconnects after a restart', async () => {
  const serve = (port: number) =>
    startServeProcess(['--port', `${port}`, '--data', files.data, '--tokens', files.tokens]);
  let server: ServeProcess = await serve(0);
  const port = server.port;
  const options = { appId: 'notes', server: { url: server.url, token: 'team-token' } };
  const a = openWorkspace({ ...options, store: new MemoryDocumentStore() });
  const b = openWorkspace({ ...options, store: new MemoryDocumentStore() });
  try {
    a.doc('notes/one').getText('body').insert(0, 'from A');
    await a.whenLoaded('notes/one');
    const online = await statusUntil(
      a,
      (s) =>
        s.connectivity === 'online' &&
        s.documents[0]?.notOnServer.count === 0 &&
        s.documents[0]?.lastServerConfirmation !== null,
    );
    assert.equal(online.documents[0]?.notOnAnyPeer.count, 0);
    assert.notEqual(online.documents[0]?.lastServerConfirmation, null);
    await b.whenLoaded('notes/one');
    await statusUntil(b, () => b.doc('notes/one').getText('body').toString() === 'from A');

    await server.kill9();
    await statusUntil(a, (s) => s.connectivity === 'offline');
    a.doc('notes/one').getText('body').insert(0, '(offline) ');
    const offline = await statusUntil(a, (s) => s.documents[0]?.notOnServer.count === 1);
    assert.equal(offline.documents[0]?.notOnAnyPeer.count, 1);

    server = await serve(port);
    await statusUntil(
      a,
      (s) => s.connectivity === 'online' && s.documents[0]?.notOnServer.count === 0,
      20_000,
    );
    await statusUntil(b, () => b.doc('notes/one').getText('body').toString() === '(offline) from A', 20_000);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await server.kill9();
  }
});
