/**
 * Races between OspAgent's own dials and its callers, over real QUIC and TLS/TCP on loopback (no mDNS: the
 * peers' DNS-SD records are built from the running agents).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { ProgrammaticPromptDelegate, PskHandoff } from '../trust/index.ts';
import type { AgentConnection } from './agent-connection.ts';
import type { ConnectionEvent } from './agent-events.ts';
import type { OspAgent } from './osp-agent.ts';
import { loopbackRecord, startLoopbackAgent } from './testing/loopback-agent.ts';

describe('OspAgent connection races', () => {
  let root: string | undefined;
  const agents: OspAgent[] = [];
  afterEach(async () => {
    await Promise.allSettled(agents.splice(0).map((a) => a.stop()));
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function start(name: string, prompt?: ProgrammaticPromptDelegate): Promise<OspAgent> {
    root ??= await mkdtemp(join(tmpdir(), 'offgrid-races-'));
    const agent = await startLoopbackAgent({
      displayName: name,
      stateDir: join(root, name),
      ...(prompt && { prompt }),
    });
    agents.push(agent);
    return agent;
  }

  it('connect() during a verification dial takes the connection over: the dial does not close it', async () => {
    const a = await start('Verifier');
    const b = await start('Verified');
    let taken: Promise<AgentConnection> | undefined;
    // The verification dial's connection is announced before its agent-info request: connect() right then.
    a.addEventListener('connection', (event) => {
      const { connection } = event as ConnectionEvent;
      if (connection.session.isClient) taken ??= a.connect(b.fingerprint);
    });
    await a.verifyNow(loopbackRecord(b));
    assert.ok(taken, 'the verification dial opened a connection');
    const connection = await taken;
    assert.equal(connection.session.isClient, true);
    assert.equal(connection.isClosed, false, 'the verification dial closed the caller’s connection');
    const info = await connection.fetchAgentInfo();
    assert.equal(info.displayName, 'Verified');
  });

  it('a verification dial nobody took over still closes its connection', async () => {
    const a = await start('Verifier');
    const b = await start('Verified');
    const opened: AgentConnection[] = [];
    a.addEventListener('connection', (event) => opened.push((event as ConnectionEvent).connection));
    await a.verifyNow(loopbackRecord(b));
    assert.equal(opened.length, 1);
    assert.equal(opened[0]?.isClosed, true);
    assert.equal(a.connections().length, 0);
  });

  for (const transport of ['quic', 'tcp'] as const) {
    it(`both agents pair with each other at the same moment over ${transport}: both trust each other, no mix-up`, async () => {
      // Each side presents on one attempt and types on the other; a handoff per direction carries the PSK.
      const toA = new PskHandoff();
      const toB = new PskHandoff();
      const a = await start(
        'Ann',
        new ProgrammaticPromptDelegate({ onShowPsk: toB.show, providePsk: toA.read }),
      );
      const b = await start(
        'Bob',
        new ProgrammaticPromptDelegate({ onShowPsk: toA.show, providePsk: toB.read }),
      );
      // B is already connected to A, so A holds an incoming connection from B that it could reuse.
      const existing = await b.connectTo(loopbackRecord(a), { transport });
      const incoming = a.connections().find((c) => c.remoteFingerprint === b.fingerprint);
      assert.ok(incoming && !incoming.session.isClient);
      const outcomes = await Promise.allSettled([
        a.pairTo(loopbackRecord(b), { transport }),
        b.pairTo(loopbackRecord(a), { transport }),
      ]);
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'fulfilled')),
        ['fulfilled', 'fulfilled'],
      );
      const [fromA, fromB] = outcomes.map((o) => (o as PromiseFulfilledResult<AgentConnection>).value);
      assert.equal(fromA?.authenticated, true);
      assert.equal(fromB?.authenticated, true);
      assert.equal(fromB, existing, 'B pairs on the connection it dialled');
      assert.notEqual(
        fromA,
        incoming,
        'A pairs on a connection of its own, not on the one B started pairing on',
      );
      assert.equal(a.trustStore.isAuthenticated(b.fingerprint), true);
      assert.equal(b.trustStore.isAuthenticated(a.fingerprint), true);
    });
  }
});
