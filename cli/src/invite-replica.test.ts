/**
 * Invite and join give the app's replicas a peer: two real `OspAgent`s on 127.0.0.1 (QUIC/TLS, SPAKE2; no mDNS),
 * each with the replica and share of an app and `ReplicaPeers` as `offgrid up` runs them. An invite for the app's
 * origin pairs the agents and grants the origin on both sides — what the trusted UI records when a page invites
 * through `/lp2p.js` (`LocalPeerManager` grants the page's origin) — and with no page and no discovery, the
 * replicas sync over the pairing's connection and each agent's share lists the other.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { inviteNearby, joinNearby, openReplica, openShareHost, type Replica } from '@offgrid/framework/node';
import { ProgrammaticPromptDelegate, PskHandoff } from '@offgrid/transport-lp2p/node';
import { loopbackRecord, startLoopbackAgent } from '@offgrid/transport-lp2p/testing';
import { ReplicaPeers } from './replica-peers.ts';
import { until } from './testing/share-agents.ts';

const ORIGIN = 'http://127.0.0.1:40999';
const root = await mkdtemp(join(tmpdir(), 'offgrid-invite-replica-'));
const stops: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const stop of stops.reverse()) await stop();
  await rm(root, { recursive: true, force: true });
});

async function device(name: string, prompt: ProgrammaticPromptDelegate) {
  const stateDir = join(root, name);
  const agent = await startLoopbackAgent({ displayName: name, stateDir, prompt });
  const replica: Replica = await openReplica({ appId: 'notes', stateDir });
  const share = openShareHost(replica, { id: agent.fingerprint, stateDir });
  const peers = new ReplicaPeers(agent);
  peers.add('notes', ORIGIN, replica, share);
  peers.start();
  stops.push(async () => {
    peers.stop();
    share.close();
    share.share.close();
    await agent.stop();
    await replica.close();
  });
  return { agent, replica, share };
}

it('an invite for the app’s origin makes the agents’ replicas and shares peers, with no page open', async () => {
  const handoff = new PskHandoff();
  const ada = await device('Ada', new ProgrammaticPromptDelegate({ onShowPsk: (psk) => handoff.show(psk) }));
  const bob = await device('Bob', new ProgrammaticPromptDelegate({ providePsk: handoff.read }));
  ada.replica.workspace.doc('list').getText('t').insert(0, 'before the invite');
  await ada.replica.workspace.whenSaved();

  const invited = inviteNearby(ada.agent, { origin: ORIGIN, signal: AbortSignal.timeout(20_000) });
  await joinNearby(bob.agent, loopbackRecord(ada.agent), { origin: ORIGIN });
  await invited;
  assert.equal(ada.agent.trustStore.hasGrant(bob.agent.fingerprint, ORIGIN), true);

  await until(
    () => bob.replica.workspace.hub.get('list') !== undefined || bob.replica.peerCount > 0,
    'a link',
  );
  await bob.replica.workspace.whenLoaded('list');
  await until(
    () => bob.replica.workspace.doc('list').getText('t').toString() === 'before the invite',
    'A’s document in B’s replica',
  );
  bob.replica.workspace.doc('list').getText('t').insert(0, 'B: ');
  await until(
    () => ada.replica.workspace.doc('list').getText('t').toString() === 'B: before the invite',
    'B’s edit in A’s replica',
  );
  await until(
    () =>
      ada.share.peers().some((p) => p.id === bob.agent.fingerprint) &&
      bob.share.peers().some((p) => p.id === ada.agent.fingerprint),
    'each share to list the other',
  );
});
