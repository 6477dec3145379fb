/**
 * Invite and join between two real `OspAgent`s on 127.0.0.1 (real QUIC/TLS and SPAKE2; no mDNS: the joiner is
 * handed the inviter's DNS-SD record, built from the running agent). The PSK goes from the inviter's prompt
 * delegate to the joiner's as a person reading one screen and typing into the other would. Then the two
 * workspaces are linked over an LP2P connection of that pairing: a document syncs and another is shared.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { nodeWholeHash } from '@offgrid/sync/node';
import {
  createLP2PConnection,
  type OspAgent,
  ProgrammaticPromptDelegate,
  PskHandoff,
} from '@offgrid/transport-lp2p/node';
import { loopbackRecord, startLoopbackAgent } from '@offgrid/transport-lp2p/testing';
import type { ImportedDocument } from '../share/share-types.ts';
import { nextShareEvent, type ShareDevice, shareDevice } from '../share/testing/share-pair.ts';
import { inviteNearby, joinNearby } from './agent-invite.ts';
import { InviteError } from './invite-error.ts';
import { linkConnection } from './link-connection.ts';

const ORIGIN = 'https://notes.offgrid.local';

describe('inviteNearby / joinNearby with two real agents', () => {
  let root: string | undefined;
  const agents: OspAgent[] = [];
  const devices: ShareDevice[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await Promise.allSettled(agents.splice(0).map((a) => a.stop()));
    if (root) await rm(root, { recursive: true, force: true });
    root = undefined;
  });

  async function start(name: string, prompt: ProgrammaticPromptDelegate): Promise<OspAgent> {
    root ??= await mkdtemp(join(tmpdir(), 'offgrid-invite-'));
    const agent = await startLoopbackAgent({ displayName: name, stateDir: join(root, name), prompt });
    agents.push(agent);
    return agent;
  }

  it('the inviter shows the code, the joiner types it: both paired and granted; workspaces sync and share', async () => {
    const handoff = new PskHandoff();
    let shown = 0;
    const inviter = await start(
      'Ada',
      new ProgrammaticPromptDelegate({
        onShowPsk: (psk) => {
          shown++;
          handoff.show(psk);
        },
      }),
    );
    const joiner = await start('Bob', new ProgrammaticPromptDelegate({ providePsk: handoff.read }));
    const invited = inviteNearby(inviter, { origin: ORIGIN, signal: AbortSignal.timeout(20_000) });
    const joined = await joinNearby(joiner, loopbackRecord(inviter), { origin: ORIGIN });
    const peer = await invited;
    assert.equal(shown, 1, 'the inviter presented the PSK');
    assert.equal(peer.fingerprint, joiner.fingerprint);
    assert.equal(joined.fingerprint, inviter.fingerprint);
    assert.equal(joined.name, 'Ada');
    assert.equal(inviter.trustStore.hasGrant(joiner.fingerprint, ORIGIN), true);
    assert.equal(joiner.trustStore.hasGrant(inviter.fingerprint, ORIGIN), true);

    // The pairing's connection carries the app: documents sync, and a document is shared.
    const a = shareDevice(inviter.fingerprint, { wholeHash: nodeWholeHash });
    const b = shareDevice(joiner.fingerprint, { wholeHash: nodeWholeHash });
    devices.push(a, b);
    const fromJoiner = joiner.connections().find((c) => c.remoteFingerprint === inviter.fingerprint);
    const atInviter = inviter.connections().find((c) => c.remoteFingerprint === joiner.fingerprint);
    assert.ok(fromJoiner && atInviter);
    linkConnection(createLP2PConnection(atInviter), {
      workspace: a.workspace,
      share: a.share,
      peerId: b.id,
      opener: false,
    });
    linkConnection(createLP2PConnection(fromJoiner), {
      workspace: b.workspace,
      share: b.share,
      peerId: a.id,
      opener: true,
    });
    b.workspace.doc('list').getText('t').insert(0, 'typed by Bob');
    await a.workspace.whenLoaded('list');
    const deadline = Date.now() + 10_000;
    while (a.workspace.doc('list').getText('t').toString() !== 'typed by Bob') {
      assert.ok(Date.now() < deadline, 'the document did not sync over the invited connection');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    a.share.addEventListener('offer', (e) => a.share.accept(e.offer.transferId, { as: 'from Bob' }));
    const imported = nextShareEvent(a.share, 'import');
    b.workspace.doc('draft').getText('t').insert(0, 'shared');
    const result = await b.share.shareDocument('draft', { to: [a.id] });
    assert.equal(result.peers[0]?.status, 'confirmed');
    assert.equal(((await imported).imported as ImportedDocument).name, 'from Bob');
    assert.equal(a.workspace.doc('from Bob').getText('t').toString(), 'shared');
  });

  it('a wrong code fails the join (pairing-failed) and grants nothing; the invite waits until aborted', async () => {
    const inviter = await start('Ada', new ProgrammaticPromptDelegate({ onShowPsk: () => {} }));
    const joiner = await start('Bob', new ProgrammaticPromptDelegate({ providePsk: () => '0000-0000-0000' }));
    const controller = new AbortController();
    const invited = inviteNearby(inviter, { origin: ORIGIN, signal: controller.signal });
    await assert.rejects(
      joinNearby(joiner, loopbackRecord(inviter), { origin: ORIGIN }),
      (error: unknown) => {
        assert.ok(error instanceof InviteError);
        assert.equal(error.code, 'pairing-failed');
        return true;
      },
    );
    assert.equal(joiner.trustStore.hasGrant(inviter.fingerprint, ORIGIN), false);
    assert.equal(inviter.trustStore.hasGrant(joiner.fingerprint, ORIGIN), false);
    controller.abort();
    await assert.rejects(invited, { name: 'InviteError', code: 'aborted' });
  });

  it('the person refuses the grant: paired, but not granted to the app (not-granted)', async () => {
    const handoff = new PskHandoff();
    const inviter = await start('Ada', new ProgrammaticPromptDelegate({ onShowPsk: handoff.show }));
    const joiner = await start('Bob', new ProgrammaticPromptDelegate({ providePsk: handoff.read }));
    const invited = inviteNearby(inviter, { origin: ORIGIN, signal: AbortSignal.timeout(20_000) });
    await assert.rejects(
      joinNearby(joiner, loopbackRecord(inviter), {
        origin: ORIGIN,
        prompt: { grantOrigin: async () => false },
      }),
      { name: 'InviteError', code: 'not-granted' },
    );
    await invited;
    assert.equal(joiner.trustStore.isAuthenticated(inviter.fingerprint), true);
    assert.equal(joiner.trustStore.hasGrant(inviter.fingerprint, ORIGIN), false);
  });
});
