/**
 * Pairing time without human input, on 127.0.0.1: from `pair()` to an authenticated connection on both sides over
 * an established session (auth-capabilities, SPAKE2 handshake, key confirmation, auth-status, trust store write),
 * with the PSK handed from presenter to consumer by code. Median of 10 fresh pairings per transport.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalCredentials, Session, SessionListener } from '@offgrid/transport-lp2p/node';
import {
  AgentConnection,
  agentFingerprint,
  dialQuic,
  dialTcp,
  listenQuic,
  listenTcp,
  ProgrammaticPromptDelegate,
  PskHandoff,
  TrustStore,
} from '@offgrid/transport-lp2p/node';
import { createTestCredentials, testPairingManager } from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';

export const name = 'pairing';

const RUNS = 10;
const TOKEN = 'benchToken1234';

export async function run(report: Report): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'offgrid-bench-pairing-'));
  try {
    for (const [kind, dial, listen] of [
      ['tcp', dialTcp, listenTcp],
      ['quic', dialQuic, listenQuic],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const ms = await pairOnce(dial, listen, join(root, `${kind}-${i}`));
        if (i > 0) samples.push(ms); // The first run warms up JIT and curve tables.
      }
      report({ metric: `pairing.${kind}.time`, value: percentile(samples, 50), unit: 'ms' });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function pairOnce(dial: typeof dialTcp, listen: typeof listenTcp, dir: string): Promise<number> {
  const [client, server] = (await Promise.all([
    createTestCredentials('a'),
    createTestCredentials('b'),
  ])) as LocalCredentials[];
  const listener: SessionListener = await listen({
    host: '127.0.0.1',
    port: 0,
    credentials: server as LocalCredentials,
    verifyPeer: () => true,
  });
  const reader = listener.incomingSessions.getReader();
  const [clientSession, serverSession] = await Promise.all([
    dial({
      host: '127.0.0.1',
      port: listener.port,
      serverName: 'b.local',
      credentials: client as LocalCredentials,
      expectedFingerprint: agentFingerprint((server as LocalCredentials).certificateDer),
    }),
    reader.read().then(({ value }) => value as Session),
  ]);
  const handoff = new PskHandoff();
  const side = async (
    session: Session,
    own: LocalCredentials,
    name: string,
    prompt: ProgrammaticPromptDelegate,
    ease: number,
  ) => {
    const connection = new AgentConnection({
      session,
      localInfo: () => ({
        displayName: name,
        modelName: '',
        capabilities: [],
        stateToken: 'abcdefgh',
        locales: [],
      }),
      nextRequestId: () => 1,
      remoteFingerprint: agentFingerprint(session.remoteCertificate),
    });
    const manager = testPairingManager({
      localFingerprint: agentFingerprint(own.certificateDer),
      trustStore: await TrustStore.open(join(dir, name)),
      prompt,
      pskEaseOfInput: ease,
      localAuthToken: TOKEN,
    });
    await manager.attach(connection);
    return { connection, manager };
  };
  const presenter = await side(
    serverSession,
    server as LocalCredentials,
    'server',
    new ProgrammaticPromptDelegate({ onShowPsk: handoff.show }),
    0,
  );
  const consumer = await side(
    clientSession,
    client as LocalCredentials,
    'client',
    new ProgrammaticPromptDelegate({ providePsk: handoff.read }),
    100,
  );
  const authenticated = new Promise<void>((resolve) =>
    presenter.connection.addEventListener('authenticated', () => resolve(), { once: true }),
  );
  const started = performance.now();
  await Promise.all([consumer.manager.pair(consumer.connection, TOKEN), authenticated]);
  const elapsed = performance.now() - started;
  await Promise.allSettled([clientSession.close(), serverSession.close()]);
  await listener.close();
  return elapsed;
}
