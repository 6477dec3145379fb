import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { openBridgedSession } from '../../browser/bridged-sessions.ts';
import {
  AGENT_IDS,
  BridgeLink,
  decodePageMessage,
  encodeBridgeMessage,
  LP2PQuicTransport,
} from '../../browser/index.ts';
import { OffgridError } from '../../errors/index.ts';
import type { Session } from '../../platform/index.ts';
import { TransportRelay } from '../transport-relay.ts';

/**
 * The bridge's WebTransport path without a browser or a LAN: the page module's `LP2PQuicTransport` (BridgeLink,
 * BridgeSession, BridgeStream, run in Node) over a real `ws` WebSocket on loopback to the agent's `TransportRelay`,
 * which opens the q2q session `dial` gives. Only the relay's part of the bridge: no Host/Origin/token checks, no
 * agent (`PageSession` adds those, none of them per byte). What the wire costs when QUIC itself is fast.
 */
export async function bridgedTransport(
  dial: () => Promise<Session>,
): Promise<{ transport: LP2PQuicTransport; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    let nextId = AGENT_IDS;
    const relay = new TransportRelay(
      (message) => socket.send(encodeBridgeMessage(message)),
      () => nextId++,
    );
    socket.on('message', (data: Buffer) => {
      // As PageSession does: a page's bad frame or broken rule ends its socket with the error, never the process.
      try {
        const message = decodePageMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (message.t === 'hello') socket.send(encodeBridgeMessage({ t: 'welcome' }));
        else if (message.t === 'wt.open')
          relay.open(message.wt, { openQuicTransportSession: () => dial() }, message.how);
        else relay.handle(message);
      } catch (error) {
        const code = error instanceof OffgridError ? error.code : 'unexpected-message';
        socket.send(encodeBridgeMessage({ t: 'error', code, message: String(error) }));
        socket.close(1008, code);
      }
    });
    socket.on('close', () => relay.closeAll());
  });
  const { port } = server.address() as AddressInfo;
  const link = new BridgeLink({
    url: `ws://127.0.0.1:${port}/lp2p`,
    uiUrl: 'http://127.0.0.1/',
    tokenStore: { get: () => 'bench', set: () => {}, clear: () => {} },
  });
  const transport = new LP2PQuicTransport({
    openQuicTransportSession: ({ signal }) => openBridgedSession(link, 1, signal),
  });
  const close = async () => {
    transport.close();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  };
  return { transport, close };
}
