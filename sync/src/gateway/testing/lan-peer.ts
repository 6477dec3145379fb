/**
 * One device of `gateway-lan.test.ts`, run in its own network namespace: a hub holding the group's documents,
 * joined to nearby devices over `ws` WebSockets, with a confirmation relay and, on request, a server gateway.
 * Usage: node lan-peer.ts NAME LISTEN_PORT|- PEER_URL…   (documents: DOCS, comma-separated, in the environment)
 * Standard input takes JSON lines: {"cmd":"edit","count":N} | {"cmd":"gateway","url":U,"token":T} |
 * {"cmd":"network-changed"} | {"cmd":"status"}; each answers one JSON line on standard output.
 */
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type { SyncChannel } from '../../channel.ts';
import { SyncHub } from '../../hub/sync-hub.ts';
import { ServerConfirmations } from '../server-confirmations.ts';
import { ServerGateway } from '../server-gateway.ts';

const [name = 'x', listen = '-', ...peers] = process.argv.slice(2);
const names = (process.env.DOCS ?? '').split(',').filter((n) => n !== '');
const hub = new SyncHub();
for (const n of names) hub.open(n);
const confirmations = new ServerConfirmations(hub);
const asChannel = (socket: WebSocket) => socket as unknown as SyncChannel;
let gateway: ServerGateway | null = null;
let edits = 0;

if (listen !== '-') {
  const server = new WebSocketServer({ port: Number(listen), host: '0.0.0.0' });
  server.on('connection', (socket, request) =>
    hub.attach(asChannel(socket), { peerId: `${request.socket.remoteAddress}:${request.socket.remotePort}` }),
  );
}
for (const url of peers) {
  const connect = (): void => {
    const socket = new WebSocket(url);
    socket.on('error', () => {});
    socket.on('close', () => setTimeout(connect, 200)); // the peer may not listen yet
    hub.attach(asChannel(socket), { peerId: url });
  };
  connect();
}

function status(): Record<string, unknown> {
  const docs: Record<string, unknown> = {};
  for (const [n, document] of hub.documents) {
    docs[n] = {
      items: document.doc.getArray('items').length,
      vector: Buffer.from(Y.encodeStateVector(document.doc)).toString('base64'),
      server: document.serverStatus(),
      unconfirmed: document.unconfirmed(),
    };
  }
  return {
    name,
    docs,
    gateway: gateway && { state: gateway.state, counts: gateway.counts, attempts: gateway.attempts },
  };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as { cmd: string; count?: number; url?: string; token?: string };
  switch (command.cmd) {
    case 'edit':
      for (let i = 0; i < (command.count ?? 1); i++, edits++) {
        hub
          .get(`${names[0]}`)
          ?.doc.getArray<string>('items')
          .push([`${name}-${edits}`]); // the shared one
        hub
          .get(names.find((n) => n.endsWith(`/${name}`)) ?? '')
          ?.doc.getArray<string>('items')
          .push([`${edits}`]);
      }
      break;
    case 'gateway':
      gateway = new ServerGateway(hub, confirmations, {
        url: command.url as string,
        token: command.token as string,
        createSocket: (url) => asChannel(new WebSocket(url)),
        networkChanges: () => () => {}, // the test says when the network changed
        backoff: { initialMs: 1000, maxMs: 60_000 },
        connectTimeoutMs: 3000,
      });
      gateway.start();
      break;
    case 'network-changed':
      gateway?.networkChanged();
      break;
  }
  process.stdout.write(`${JSON.stringify(status())}\n`);
});
