import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  AGENT_IDS,
  BridgeLink,
  decodePageMessage,
  encodeBridgeMessage,
  LP2PQuicTransport,
  LP2PRequest,
  MAX_FRAME_BYTES,
} from '../../browser/index.ts';
import { OffgridError } from '../../errors/index.ts';
import type { Session } from '../../platform/index.ts';
import { browserBundle } from '../browser-bundle.ts';
import { TransportRelay } from '../transport-relay.ts';

/** A relay-only bridge on loopback. */
export interface RelayServer {
  /** `http://127.0.0.1:P/`: `/lp2p.js` is the browser module, `/lp2p` its WebSocket. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The bridge's WebTransport path without an agent or a LAN, for benches and tests: the agent's `TransportRelay` on
 * a loopback WebSocket, opening the q2q session `dial` gives for every `wt.open`. A page's `request` is answered at
 * once with a connection (no peer chooser), so `new LP2PQuicTransport(new LP2PRequest())` in a page that loaded
 * `/lp2p.js` from here reaches `dial`'s peer. No Host/Origin/token checks and no agent (`PageSession` adds those,
 * none of them per byte): what the wire itself costs when QUIC is fast.
 */
export async function startRelayServer(dial: () => Promise<Session>): Promise<RelayServer> {
  const http = createServer((request, response) => {
    if (request.url === '/lp2p.js') {
      browserBundle().then(
        (code) => {
          response.writeHead(200, {
            'Content-Type': 'text/javascript; charset=utf-8',
            'Access-Control-Allow-Origin': '*',
            'Cache-Control': 'no-cache',
          });
          response.end(code);
        },
        () => response.writeHead(500).end(),
      );
    } else response.writeHead(404).end();
  });
  const server = new WebSocketServer({ server: http, path: '/lp2p', maxPayload: MAX_FRAME_BYTES });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
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
        else if (message.t === 'request') {
          socket.send(
            encodeBridgeMessage({ t: 'reply', rid: message.rid, conn: nextId++, code: '', message: '' }),
          );
        } else if (message.t === 'wt.open') {
          relay.open(message.wt, { openQuicTransportSession: () => dial() }, message.how);
        } else relay.handle(message);
      } catch (error) {
        const code = error instanceof OffgridError ? error.code : 'unexpected-message';
        socket.send(encodeBridgeMessage({ t: 'error', code, message: String(error) }));
        socket.close(1008, code);
      }
    });
    socket.on('close', () => relay.closeAll());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      for (const client of server.clients) client.terminate();
      server.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/**
 * The page module's `LP2PQuicTransport` (BridgeLink, BridgeSession, BridgeStream, run in Node) through a relay
 * server (`startRelayServer`) to the q2q session `dial` gives.
 */
export async function bridgedTransport(
  dial: () => Promise<Session>,
): Promise<{ transport: LP2PQuicTransport; close: () => Promise<void> }> {
  const relay = await startRelayServer(dial);
  const link = new BridgeLink({
    url: `${relay.url.replace('http:', 'ws:')}lp2p`,
    uiUrl: relay.url,
    tokenStore: { get: () => 'relay', set: () => {}, clear: () => {} },
  });
  // The relay server answers the request at once; its q2q session is `dial`'s.
  const transport = new LP2PQuicTransport(new LP2PRequest({ nickname: 'relay' }, () => link));
  const close = async () => {
    transport.close();
    await relay.close();
  };
  return { transport, close };
}
