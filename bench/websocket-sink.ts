/**
 * A bare WebSocket server on loopback for the bridge bench (bench/suites/bridge.ts): counts the bytes a page sends
 * and answers `done` after each BYTES, so a page can time a burst with no bridge behind the socket. Prints
 * `ws: URL` when listening.
 *
 * Usage: node websocket-sink.ts BYTES
 */
import { WebSocketServer } from 'ws';

const bytes = Number(process.argv[2]);
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 4 * 1024 * 1024 });
server.on('connection', (socket) => {
  let received = 0;
  socket.on('message', (data: Buffer) => {
    received += data.byteLength;
    if (received >= bytes) {
      received -= bytes;
      socket.send('done');
    }
  });
});
server.on('listening', () => {
  const { port } = server.address() as { port: number };
  console.log(`ws: ws://127.0.0.1:${port}/`);
});
