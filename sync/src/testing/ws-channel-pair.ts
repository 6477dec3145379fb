import { WebSocket, WebSocketServer } from 'ws';
import type { SyncChannelPair } from './channel-pair.ts';

/**
 * A real WebSocket pair on loopback (`ws` on both ends): `a` is the client socket, `b` the server's socket for it.
 * Node-only, for tests. Each call starts its own server; `close()` stops it.
 */
export async function wsChannelPair(): Promise<SyncChannelPair> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise<void>((resolve, reject) => {
    client.once('open', () => resolve());
    client.once('error', reject);
  });
  const serverSide = await accepted;
  return {
    a: client,
    b: serverSide,
    close: async () => {
      client.terminate();
      serverSide.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
