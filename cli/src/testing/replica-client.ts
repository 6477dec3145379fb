/**
 * A page stand-in for the replica LAN test, run in a device's namespace: connects to `offgrid up`'s sync socket
 * for an app as a page of its origin would (Origin header, token subprotocol), inserts `text` at the start of
 * document `name`, waits until the agent's replica acknowledged it, prints `edited <text>` and exits.
 * Usage: node replica-client.ts SYNC_URL ORIGIN TOKEN NAME TEXT
 */
import { AgentSocketChannel, MemoryDocumentStore, openWorkspace } from '@offgrid/framework/node';
import { WebSocket } from 'ws';

const [url, origin, token, name, text] = process.argv.slice(2) as [string, string, string, string, string];
console.error(`connecting to ${url}`);
const socket = new WebSocket(url, ['offgrid-sync.v1', `offgrid-token.${token}`], { origin });
const workspace = openWorkspace({ appId: 'test-app', store: new MemoryDocumentStore() });
// Joined at once, as the page's AgentLink joins in the socket's open event: frames the agent sends right after
// the handshake (its status, its step 1s) come in the same read as the handshake and would be lost to a
// listener added a tick later. Text frames are the agent's status, binary ones the sync wire.
const channel = new AgentSocketChannel(socket as unknown as globalThis.WebSocket, (status) =>
  console.error(status),
);
workspace.attach(channel, { peerId: 'agent' });
await new Promise<void>((resolve, reject) => {
  socket.once('open', () => resolve());
  socket.once('error', reject);
});
console.error('open');
await workspace.whenLoaded(name);
workspace.doc(name).getText('t').insert(0, text);
const deadline = Date.now() + 20_000;
while (workspace.status().documents.find((d) => d.name === name)?.notOnAnyPeer.count !== 0) {
  if (Date.now() > deadline)
    throw new Error(`the replica did not acknowledge: ${JSON.stringify(workspace.status())}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(`edited ${text}`);
await workspace.close();
process.exit(0);
