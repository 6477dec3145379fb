/**
 * A note shared through the framework's NearbyShare (two workspaces, the push over a memory channel pair): the
 * receiver gets the note's Markdown as a file, the sender's progress ends with the recipient confirmed.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PushProgress } from '@offgrid/components';
import { type ImportEvent, MemoryDocumentStore, NearbyShare, openWorkspace } from '@offgrid/framework';
import { createMemoryChannelPair } from '@offgrid/sync';
import { nodeWholeHash } from '@offgrid/sync/node';
import { nearbyNoteSharing } from './nearby-note-sharing.ts';

it('sends the note as a Markdown file with progress, naming peers through describe', async () => {
  const device = (id: string) => {
    const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
    return { workspace, share: new NearbyShare(workspace, { id, wholeHash: nodeWholeHash }) };
  };
  const [a, b] = [device('fingerprint-a'), device('fingerprint-b')];
  const [left, right] = createMemoryChannelPair();
  a.share.addPeer('fingerprint-b', left);
  b.share.addPeer('fingerprint-a', right);
  b.share.addEventListener('offer', (event) => b.share.accept(event.offer.transferId));
  const imported = new Promise<ImportEvent>((resolve) =>
    b.share.addEventListener('import', (event) => resolve(event as ImportEvent)),
  );

  const sharing = nearbyNoteSharing(a.share, (id) =>
    id === 'fingerprint-b' ? { name: "Grace's laptop", verified: true, trusted: true } : undefined,
  );
  assert.deepEqual(sharing.peers(), [
    { id: 'fingerprint-b', name: "Grace's laptop", verified: true, trusted: true },
  ]);
  const progress: PushProgress[] = [];
  const text = '# Site plan\nnorth gate, then the school';
  await sharing.share(new File([text], 'Site plan.md', { type: 'text/markdown' }), ['fingerprint-b'], {
    signal: new AbortController().signal,
    onProgress: (value) => progress.push(value),
  });
  const got = (await imported).imported;
  assert.equal(got.kind, 'file');
  assert.equal(got.name, 'Site plan.md');
  assert.equal(got.kind === 'file' ? got.mediaType : '', 'text/markdown');
  assert.equal(new TextDecoder().decode(got.kind === 'file' ? got.bytes : undefined), text);
  const last = progress.at(-1);
  assert.deepEqual(
    last?.peers.map((peer) => [peer.peer, peer.status, peer.receivedBytes]),
    [['fingerprint-b', 'confirmed', new TextEncoder().encode(text).length]],
  );
  assert.ok(progress.length >= 2, 'progress while running, then the result');
  for (const side of [a, b]) {
    side.share.close();
    await side.workspace.close();
  }
});
