/**
 * The replica: stored documents open at start, documents a page offers open on demand and are stored, the agent
 * status reaches the page as a text frame, and a replica reopened on the same state directory has everything.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createMemoryChannelPair } from '@offgrid/sync';
import { until } from '@offgrid/transport-lp2p/testing';
import { MemoryDocumentStore } from '../../store/memory-store.ts';
import { decodeAgentStatus } from '../../workspace/agent-status.ts';
import { openWorkspace } from '../../workspace/workspace.ts';
import { openReplica, type PageSocket } from './replica.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'replica-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));

it('opens stored documents at start and the ones a page offers on demand, and keeps them', async () => {
  const first = await openReplica({ appId: 'test', stateDir });
  first.workspace.doc('stored').getText('t').insert(0, 'kept');
  await first.workspace.whenSaved();
  await first.close();

  const replica = await openReplica({ appId: 'test', stateDir });
  assert.equal(replica.workspace.hub.get('stored')?.doc.getText('t').toString(), 'kept', 'opened at start');

  const page = openWorkspace({ appId: 'test', store: new MemoryDocumentStore() });
  page.doc('fresh').getText('t').insert(0, 'from the page');
  const [pageEnd, agentEnd] = createMemoryChannelPair();
  const texts: string[] = [];
  const socket = Object.assign(agentEnd, {}) as unknown as PageSocket;
  const send = agentEnd.send.bind(agentEnd);
  (socket as { send(data: unknown): void }).send = (data: unknown) => {
    if (typeof data === 'string') texts.push(data);
    else send(data as Uint8Array<ArrayBuffer>);
  };
  replica.attachPage(socket);
  page.attach(pageEnd, { peerId: 'agent' });

  await until(() => replica.workspace.hub.get('fresh')?.doc.getText('t').length === 13, 'fresh on the agent');
  await until(() => page.doc('stored').getText('t').toString() === 'kept', 'stored on the page');
  assert.deepEqual(decodeAgentStatus(texts[0] as string), { connectivity: 'offline', nearbyPeers: 0 });
  await replica.workspace.whenSaved();
  await page.close();
  await replica.close();

  const again = await openReplica({ appId: 'test', stateDir });
  assert.deepEqual((await again.workspace.list()).sort(), ['fresh', 'stored']);
  assert.equal(again.workspace.hub.get('fresh')?.doc.getText('t').toString(), 'from the page');
  await again.close();
});

it('tells pages when a nearby agent links and leaves, and refuses documents a peer may not see', async () => {
  const replica = await openReplica({
    appId: 'peers',
    stateDir,
    peerAccess: (_fingerprint, name) => (name === 'private' ? 'none' : 'write'),
  });
  const other = openWorkspace({ appId: 'peers', store: new MemoryDocumentStore() });
  other.doc('shared').getText('t').insert(0, 'ok');
  other.doc('private').getText('t').insert(0, 'no');
  const [mine, theirs] = createMemoryChannelPair();
  const seen: string[] = [];
  replica.addEventListener('status', () => seen.push(replica.status().connectivity));
  replica.attachPeer(mine, 'fp-b');
  other.attach(theirs, { peerId: 'fp-a' });
  await until(() => replica.workspace.hub.get('shared')?.doc.getText('t').length === 2, 'shared');
  assert.equal(replica.status().connectivity, 'nearby only');
  assert.equal(replica.workspace.hub.get('private'), undefined);
  theirs.close();
  await until(() => replica.status().connectivity === 'offline', 'the peer to go');
  assert.deepEqual(seen, ['nearby only', 'offline']);
  await other.close();
  await replica.close();
});
