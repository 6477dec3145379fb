/**
 * The survey's photos on the agents' replicas (`fieldSurveyApp.watchBlobReferences`), two replicas linked by
 * memory channels as `offgrid up` links them over LP2P (a sync channel and a blob channel): a photo named by a
 * submission recorded on A reaches B's blob store, once; a photo named by a submission that was on B before the
 * link opened is fetched too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { openReplica, type Replica } from '@offgrid/framework/node';
import { createMemoryChannelPair } from '@offgrid/sync';
import { FormSubmissions } from '../submission/form-submissions.ts';
import { savePhoto } from '../submission/media-blobs.ts';
import { fieldSurveyApp } from './web-app.ts';

const dir = mkdtempSync(join(tmpdir(), 'replica-photos-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function until(ready: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const replica = (name: string) =>
  openReplica({
    appId: 'field-survey',
    stateDir: join(dir, name),
    peerId: name,
    watchBlobReferences: fieldSurveyApp.watchBlobReferences?.bind(fieldSurveyApp),
  });

function link(a: Replica, b: Replica): void {
  const [syncA, syncB] = createMemoryChannelPair();
  a.attachPeer(syncA, 'b');
  b.attachPeer(syncB, 'a');
  const [blobsA, blobsB] = createMemoryChannelPair();
  a.blobs.addPeer('b', blobsA);
  b.blobs.addPeer('a', blobsB);
}

it('a photo named by a submission on one replica reaches the other once, before or after they meet', async () => {
  const [a, b] = await Promise.all([replica('a'), replica('b')]);
  const onB = new FormSubmissions('household_needs', (name) => b.workspace.doc(name), {
    author: { device: 'b', person: 'Awa' },
  });
  const early = await savePhoto(b.blobs, new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]));
  onB.create('1', { dwelling_photo: early });
  await b.workspace.whenSaved();
  link(a, b);

  const onA = new FormSubmissions('household_needs', (name) => a.workspace.doc(name), {
    author: { device: 'a', person: 'Moussa' },
  });
  const photo = new Uint8Array(512 * 1024).map((_, i) => (i * 13) % 256);
  const late = await savePhoto(a.blobs, photo);
  onA.create('1', { dwelling_photo: late });
  const hash = (name: string) => name.slice(0, 64);
  await until(async () => b.blobs.store.has(hash(late)), 'A’s photo on B');
  await until(async () => a.blobs.store.has(hash(early)), 'B’s earlier photo on A');
  assert.deepEqual(await b.blobs.store.get(hash(late)), photo);
  assert.equal(b.blobs.sync.counts.received, 1, 'B received one blob');
  assert.equal(a.blobs.sync.counts.received, 1, 'A received one blob');
  assert.ok(b.blobs.sync.counts.receivedBytes === photo.byteLength, 'each byte once');
  await Promise.all([a.close(), b.close()]);
});
