import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type RunningServer, startServer } from './start-server.ts';
import { connectClient, waitFor } from './testing/provider-client.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

describe('startServer limits', () => {
  let files: ServeFiles;
  let server: RunningServer;
  const logged: string[] = [];

  before(async () => {
    files = serveFiles([{ token: 't', access: 'read-write', prefixes: ['d/'] }]);
    server = await startServer({
      port: 0,
      dataPath: files.data,
      tokensPath: files.tokens,
      limits: { maxDocumentsPerConnection: 2, maxConnectionsPerToken: 2, maxMessageBytes: 64 * 1024 },
      log: (message) => logged.push(message),
    });
  });
  after(async () => {
    await server?.close();
    files?.remove();
  });

  it('refuses a third document on one connection', async () => {
    const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
    const providers = ['d/1', 'd/2', 'd/3'].map((name) => {
      const provider = new HocuspocusProvider({ websocketProvider: socket, name, token: 't' });
      provider.attach();
      return provider;
    });
    const failures: string[] = [];
    providers[2]?.on('authenticationFailed', ({ reason }: { reason: string }) => failures.push(reason));
    try {
      await waitFor(() => failures.length > 0, 5000, 'the third document refused');
      assert.deepEqual(failures, ['too-many-documents']);
      assert.ok(providers[0]?.synced && providers[1]?.synced, 'the first two are open');
    } finally {
      for (const provider of providers) provider.destroy();
      socket.destroy();
    }
  });

  it('refuses a third connection with one token, and accepts it again once one closes', async () => {
    const clients = ['d/a', 'd/b', 'd/c'].map((name) => connectClient(server.url, name, 't'));
    const failures: string[] = [];
    clients[2]?.provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
      failures.push(reason),
    );
    try {
      await waitFor(() => failures.length > 0, 5000, 'the third connection refused');
      assert.deepEqual(failures, ['too-many-connections']);
      clients[0]?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = connectClient(server.url, 'd/c', 't');
      await waitFor(() => again.provider.synced, 5000, 'accepted after one closed');
      again.destroy();
    } finally {
      for (const client of clients) client.destroy();
    }
  });

  it('closes a connection that sends a message over the size limit; the document and other clients go on', async () => {
    const good = connectClient(server.url, 'd/big', 't');
    const bad = connectClient(server.url, 'd/big', 't');
    try {
      await waitFor(() => good.provider.synced && bad.provider.synced, 5000, 'both synced');
      let closedWith: number | undefined;
      bad.provider.on('close', ({ event }: { event: { code: number } }) => {
        closedWith ??= event.code;
      });
      bad.doc.getText('t').insert(0, 'x'.repeat(100 * 1024));
      await waitFor(() => closedWith !== undefined, 5000, 'the oversized sender closed');
      assert.equal(closedWith, 1009);
      bad.destroy();
      good.doc.getText('t').insert(0, 'still fine');
      await waitFor(() => !good.provider.hasUnsyncedChanges, 5000, 'the other client is acknowledged');
      const check = connectClient(server.url, 'd/big', 't', new Y.Doc());
      await waitFor(() => check.provider.synced, 5000, 'a fresh client synced');
      assert.equal(check.doc.getText('t').toString(), 'still fine');
      check.destroy();
    } finally {
      good.destroy();
      bad.destroy();
    }
  });
});
