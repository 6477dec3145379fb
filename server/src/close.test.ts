import assert from 'node:assert/strict';
import { once } from 'node:events';
import { it } from 'node:test';
import WebSocket from 'ws';
import { startServer } from './start-server.ts';
import { serveFiles } from './testing/temp-files.ts';

it('close() ends every WebSocket, also one that never opened a document', async () => {
  const files = serveFiles([{ token: 't', access: 'read-write', prefixes: ['d/'] }]);
  const server = await startServer({
    port: 0,
    dataPath: files.data,
    tokensPath: files.tokens,
    log: () => {},
  });
  try {
    const socket = new WebSocket(server.url);
    await once(socket, 'open');
    const closed = once(socket, 'close');
    await server.close();
    const timeout = AbortSignal.timeout(2000);
    await Promise.race([closed, once(timeout, 'abort').then(() => assert.fail('the socket stayed open'))]);
    assert.equal(socket.readyState, WebSocket.CLOSED);
  } finally {
    await server.close();
    files.remove();
  }
});
