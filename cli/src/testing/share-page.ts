/**
 * A page stand-in for the share LAN test, run in a device's namespace: the real `AgentLink` and `PageShare` of a
 * page of `test-app` on `offgrid up` (Origin header, token subprotocol), in Node. Prints one line per step.
 * Usage: node share-page.ts PORT TOKEN MODE [ARGS]
 *   share-doc NAME TEXT  writes TEXT in NAME, shares it with every nearby peer: `result <status>`
 *   share-file BYTES     shares that many random bytes: `sha <hex>`, then `result <status>`
 *   leave-file BYTES     the same, but exits (`left <transferId>`) once the agent offered it, before any answer
 *   accept               accepts the first offer: `imported document <name> <text>` or `imported file <sha> <n>`
 *   decline              declines the first offer: `declined <name>`
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AgentLink,
  type ImportEvent,
  MemoryDocumentStore,
  openWorkspace,
  PageShare,
  type ShareOfferEvent,
} from '@offgrid/framework/node';
import { WebSocket } from 'ws';

const [port, token, mode, ...rest] = process.argv.slice(2) as [string, string, string, ...string[]];
const origin = `http://127.0.0.1:${port}`;
const link = new AgentLink({
  syncUrl: `ws://127.0.0.1:${port}/test-app/sync`,
  infoUrl: `${origin}/test-app/agent.json`,
  tokens: { get: () => token, clear: () => {} },
  consent: async () => {
    throw new Error('the token was refused');
  },
  createSocket: (url, protocols) =>
    new WebSocket(url, protocols, { origin }) as unknown as globalThis.WebSocket,
});
const workspace = openWorkspace({ appId: 'test-app', store: new MemoryDocumentStore(), connectivity: link });
const share = new PageShare(workspace, link);
link.start(workspace);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function nearby(): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  while (share.peers().length === 0) {
    if (Date.now() > deadline) throw new Error('no nearby peer');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return share.peers();
}

if (mode === 'share-doc') {
  const [name, text] = rest as [string, string];
  workspace.doc(name).getText('t').insert(0, text);
  const result = await share.shareDocument(name, { to: await nearby() });
  console.log(`result ${result.peers.map((p) => p.status).join(',')}`);
} else if (mode === 'share-file' || mode === 'leave-file') {
  const bytes = new Uint8Array(randomBytes(Number(rest[0])));
  console.log(`sha ${sha(bytes)}`);
  const running = share.shareFile({ name: 'data.bin', bytes }, { to: await nearby() });
  if (mode === 'leave-file') {
    running.catch(() => {});
    const local = share.snapshot().outgoing.at(-1)?.id;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const entry = share.snapshot().outgoing.find((s) => s.id === local);
      if (entry?.transferId && entry.peers.some((p) => p.status === 'offered')) {
        console.log(`left ${entry.transferId}`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`never offered: ${JSON.stringify(share.snapshot())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } else {
    const result = await running;
    console.log(`result ${result.peers.map((p) => p.status).join(',')}`);
  }
} else {
  // An offer made before this page opened is in the agent's snapshot (the first `change`), not an `offer` event.
  const offer = await new Promise<ShareOfferEvent['offer']>((resolve) => {
    share.addEventListener('change', () => {
      const first = share.snapshot().offers[0];
      if (first) resolve(first);
    });
    share.addEventListener('offer', (event) => resolve((event as ShareOfferEvent).offer));
  });
  if (mode === 'decline') {
    share.decline(offer.transferId);
    console.log(`declined ${offer.name}`);
  } else {
    const imported = new Promise<ImportEvent['imported']>((resolve) =>
      share.addEventListener('import', (event) => resolve((event as ImportEvent).imported)),
    );
    share.accept(offer.transferId);
    const what = await imported;
    if (what.kind === 'document')
      console.log(`imported document ${what.name} ${workspace.doc(what.name).getText('t').toString()}`);
    else console.log(`imported file ${sha(what.bytes as Uint8Array)} ${what.bytes?.byteLength}`);
  }
}
share.close();
link.stop();
await workspace.close();
process.exit(0);
