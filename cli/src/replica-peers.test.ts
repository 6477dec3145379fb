/**
 * Replica links come back by themselves: two real `OspAgent`s on 127.0.0.1 (QUIC/TLS, no mDNS), paired and granted
 * the app's origin on both sides. The peer first takes the dialler's channel open requests and never answers them
 * (as a peer whose request got lost while its connection lived on); once it answers again, the dialler's
 * `ReplicaPeers` drops the channels that never opened and dials them again, and the replicas sync. Before the open
 * timeout, the unanswered channel stayed `connecting` in `ReplicaPeers` for ever and nothing was dialled again.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { openReplica, type Replica } from '@offgrid/framework/node';
import type { AgentConnection, OspAgent } from '@offgrid/transport-lp2p/node';
import { loopbackRecord, startLoopbackAgent } from '@offgrid/transport-lp2p/testing';
import { REPLICA_LABEL_PREFIX, ReplicaPeers } from './replica-peers.ts';
import { until } from './testing/share-agents.ts';

const ORIGIN = 'http://127.0.0.1:40998';
const root = await mkdtemp(join(tmpdir(), 'offgrid-replica-peers-'));
const stops: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const stop of stops.reverse()) await stop();
  await rm(root, { recursive: true, force: true });
});

async function device(name: string): Promise<{ agent: OspAgent; replica: Replica }> {
  const stateDir = join(root, name);
  const agent = await startLoopbackAgent({ displayName: name, stateDir, transports: ['quic'] });
  const replica = await openReplica({ appId: 'notes', stateDir });
  stops.push(async () => {
    await agent.stop();
    await replica.close();
  });
  return { agent, replica };
}

it('dials again a channel the peer never answered, and the replicas sync', { timeout: 60_000 }, async () => {
  const [one, two] = [await device('One'), await device('Two')];
  // The agent with the smaller fingerprint dials (replica-peers.ts); the other one is the peer under test.
  const [dialler, peer] = one.agent.fingerprint < two.agent.fingerprint ? [one, two] : [two, one];
  for (const [self, other] of [
    [dialler, peer],
    [peer, dialler],
  ] as const) {
    await self.agent.trustStore.recordAuthenticated({
      fingerprint: other.agent.fingerprint,
      displayName: 'other',
      modelName: 'test',
    });
    await self.agent.trustStore.setGrant(other.agent.fingerprint, ORIGIN, true);
  }
  dialler.replica.workspace.doc('list').getText('t').insert(0, 'from the dialler');
  await dialler.replica.workspace.whenSaved();

  // The peer connects (no mDNS: the dialler uses that connection) and swallows every channel open request on it.
  const connection: AgentConnection = await peer.agent.connectTo(loopbackRecord(dialler.agent));
  const unanswered: string[] = [];
  connection.handle('data-channel-open-request', (first) => {
    if (first.type === 'data-channel-open-request') unanswered.push(first.label);
    return new Promise(() => {}); // holds the stream, never answers
  });

  const diallerPeers = new ReplicaPeers(dialler.agent, { tickMs: 200, openTimeoutMs: 1500 });
  diallerPeers.add('notes', ORIGIN, dialler.replica);
  diallerPeers.start();
  stops.push(() => diallerPeers.stop());
  await until(() => unanswered.includes(`${REPLICA_LABEL_PREFIX}notes`), 'the first sync open request');

  // The peer answers from now on: its own ReplicaPeers takes over the connection's channel requests.
  const peerPeers = new ReplicaPeers(peer.agent, { tickMs: 200 });
  peerPeers.add('notes', ORIGIN, peer.replica);
  peerPeers.start();
  stops.push(() => peerPeers.stop());

  await until(
    () => peer.replica.workspace.doc('list').getText('t').toString() === 'from the dialler',
    'the dialler’s document in the peer’s replica',
    20_000,
  );
  assert.equal(connection.isClosed, false, 'the same connection carried the channel dialled again');
  assert.ok(dialler.replica.peerCount >= 1 && peer.replica.peerCount >= 1);
});
