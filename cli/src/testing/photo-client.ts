/**
 * A field-survey page stand-in for the blob LAN test, run in a device's namespace: hands a photo to `offgrid up`
 * as the page does (`AgentBlobs`: `PUT /field-survey/api/blobs/<sha256>` with the origin's token and `Origin`
 * header), then records a submission naming it over the sync socket and waits until the agent's replica
 * acknowledged it; prints `photo <sha256>` and exits.
 * Usage: node photo-client.ts PORT TOKEN SEED BYTES
 */
import { createHash } from 'node:crypto';
import { FormSubmissions, savePhoto, submissionDocName } from '@offgrid/field-survey';
import {
  AgentBlobs,
  AgentSocketChannel,
  MemoryBlobOutbox,
  MemoryBlobStore,
  MemoryDocumentStore,
  openWorkspace,
} from '@offgrid/framework/node';
import { WebSocket } from 'ws';

const [port, token, seed, size] = process.argv.slice(2) as [string, string, string, string];
const origin = `http://127.0.0.1:${port}`;
const FORM = 'household_needs';

// Deterministic bytes that look like a JPEG (so the name ends in .jpg), different per seed.
const photo = new Uint8Array(Number(size));
let block = createHash('sha256').update(seed).digest();
for (let at = 0; at < photo.byteLength; at += block.byteLength) {
  photo.set(block.subarray(0, Math.min(block.byteLength, photo.byteLength - at)), at);
  block = createHash('sha256').update(block).digest();
}
photo.set([0xff, 0xd8, 0xff, 0xe0]);

const blobs = new AgentBlobs({
  store: new MemoryBlobStore(),
  outbox: new MemoryBlobOutbox(),
  base: `${origin}/field-survey`,
  tokens: { get: () => token },
  fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Origin: origin } }),
  maxDelayMs: 500,
});
const uploaded = new Promise((resolve) => blobs.addEventListener('uploaded', resolve, { once: true }));
const fileName = await savePhoto(blobs, photo);
await uploaded;
console.error(`the agent holds ${fileName}`);

const socket = new WebSocket(
  `ws://127.0.0.1:${port}/field-survey/sync`,
  ['offgrid-sync.v1', `offgrid-token.${token}`],
  { origin },
);
const workspace = openWorkspace({ appId: 'field-survey', store: new MemoryDocumentStore() });
workspace.attach(new AgentSocketChannel(socket as unknown as globalThis.WebSocket, () => {}), {
  peerId: 'agent',
});
await new Promise<void>((resolve, reject) => {
  socket.once('open', () => resolve());
  socket.once('error', reject);
});
const submissions = new FormSubmissions(FORM, (name) => workspace.doc(name), {
  author: { device: `page-${seed}`, person: 'Awa' },
});
const id = crypto.randomUUID();
const shard = submissionDocName(FORM, id);
await workspace.whenLoaded(shard); // changes made before are not counted as waiting for the agent
submissions.create('1', { dwelling_photo: fileName }, id);
const deadline = Date.now() + 20_000;
while (workspace.status().documents.find((d) => d.name === shard)?.notOnAnyPeer.count !== 0) {
  if (Date.now() > deadline)
    throw new Error(`the replica did not acknowledge: ${JSON.stringify(workspace.status())}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(`photo ${fileName.slice(0, 64)}`);
await workspace.close();
await blobs.close();
process.exit(0);
