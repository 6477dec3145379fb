import { SyncHub } from '@offgrid/sync';
import { WebSocketServer } from 'ws';
import { followNotes } from '../model/follow-notes.ts';

/** A relay between test pages: a Node {@link SyncHub} behind a `ws` server on loopback that carries every note. */
export interface NotesRelay {
  /** `ws://127.0.0.1:P` for `new WebSocket(url)` in the pages. */
  readonly url: string;
  readonly hub: SyncHub;
  close(): Promise<void>;
}

/** Starts a relay: each page's socket is a peer of one hub, which opens the index and every note it lists. */
export async function startNotesRelay(): Promise<NotesRelay> {
  const hub = new SyncHub();
  const stop = followNotes((name) => hub.open(name).doc);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  let peers = 0;
  server.on('connection', (socket) => hub.attach(socket, { peerId: `page-${++peers}` }));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    hub,
    async close() {
      stop();
      for (const client of server.clients) client.terminate();
      hub.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
