/**
 * osp-network §Local active network attackers: a man in the middle that relays every byte between A and B, with
 * its own certificates (it cannot present B's: A pins what M advertised, B sees M's certificate). Even though A's user
 * types the PSK that B really shows, the SPAKE2 transcripts bind different fingerprints on the two legs, so key
 * confirmation fails on both sides and nothing is trusted.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { AuthenticationError } from '../errors/index.ts';
import { agentFingerprint } from '../identity/index.ts';
import type { LocalCredentials, Session } from '../platform/index.ts';
import { dialTcp, listenTcp } from '../platform/node.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { ProgrammaticPromptDelegate, PskHandoff } from '../trust/index.ts';
import { TrustStore } from '../trust/node.ts';
import { AgentConnection } from './agent-connection.ts';
import { testPairingManager } from './testing/test-pairing-manager.ts';

const AT = 'advertisedToken1';
const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function firstSession(listener: { incomingSessions: ReadableStream<Session> }): Promise<Session> {
  const reader = listener.incomingSessions.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return value as Session;
}

/** Relays every stream opened on either session to a new stream of the same kind on the other, byte for byte. */
async function relay(from: Session, to: Session): Promise<void> {
  void (async () => {
    for await (const stream of from.incomingUnidirectionalStreams) {
      const twin = await to.openUnidirectionalStream();
      void stream.readable.pipeTo(twin.writable).catch(() => {});
    }
  })();
  for await (const stream of from.incomingStreams) {
    const twin = await to.openStream();
    void stream.readable.pipeTo(twin.writable).catch(() => {});
    void twin.readable.pipeTo(stream.writable).catch(() => {});
  }
}

function party(
  session: Session,
  own: LocalCredentials,
  trustStore: TrustStore,
  options: {
    prompt: ProgrammaticPromptDelegate;
    ease: number;
    localAuthToken?: string;
    onFailure?: (error: AuthenticationError) => void;
  },
) {
  const connection = new AgentConnection({
    session,
    localInfo: () => ({
      displayName: 'x',
      modelName: '',
      capabilities: [],
      stateToken: 'abcdefgh',
      locales: [],
    }),
    nextRequestId: (() => {
      let id = 0;
      return () => ++id;
    })(),
    remoteFingerprint: agentFingerprint(session.remoteCertificate),
  });
  const manager = testPairingManager({
    localFingerprint: agentFingerprint(own.certificateDer),
    trustStore,
    prompt: options.prompt,
    pskEaseOfInput: options.ease,
    localAuthToken: options.localAuthToken,
    onOutcome: (_c, error) => error && options.onFailure?.(error),
  });
  return { connection, manager };
}

it('a relaying man in the middle with its own certificates cannot complete pairing', async () => {
  const [a, b, m] = (await Promise.all(
    ['A', 'B', 'M'].map((n) => createTestCredentials(n)),
  )) as LocalCredentials[];
  const accept = { host: '127.0.0.1', port: 0, verifyPeer: () => true };
  const listenerB = await listenTcp({ ...accept, credentials: b as LocalCredentials });
  const listenerM = await listenTcp({ ...accept, credentials: m as LocalCredentials });
  const fpB = agentFingerprint((b as LocalCredentials).certificateDer);
  const fpM = agentFingerprint((m as LocalCredentials).certificateDer);
  const dial = (port: number, credentials: LocalCredentials, expectedFingerprint: string) =>
    dialTcp({ host: '127.0.0.1', port, serverName: 'b.local', credentials, expectedFingerprint });

  // A believes M's advertisement ("Agent B", fp of M); M dials the real B, pinned to B's public fingerprint.
  const [aToM, mFromA] = await Promise.all([
    dial(listenerM.port, a as LocalCredentials, fpM),
    firstSession(listenerM),
  ]);
  const [mToB, bFromM] = await Promise.all([
    dial(listenerB.port, m as LocalCredentials, fpB),
    firstSession(listenerB),
  ]);
  void relay(mFromA, mToB);
  void relay(mToB, mFromA);

  const root = await mkdtemp(join(tmpdir(), 'offgrid-mitm-'));
  dirs.push(root);
  const [trustA, trustB] = await Promise.all([
    TrustStore.open(join(root, 'a')),
    TrustStore.open(join(root, 'b')),
  ]);
  // B presents (ease 0) and A's user faithfully types what B shows.
  const handoff = new PskHandoff();
  let shown = 0;
  let failureAtB: AuthenticationError | undefined;
  const sideB = party(bFromM, b as LocalCredentials, trustB, {
    prompt: new ProgrammaticPromptDelegate({
      onShowPsk: (psk) => {
        shown++;
        handoff.show(psk);
      },
    }),
    ease: 0,
    localAuthToken: AT,
    onFailure: (error) => {
      failureAtB = error;
    },
  });
  const sideA = party(aToM, a as LocalCredentials, trustA, {
    prompt: new ProgrammaticPromptDelegate({ providePsk: handoff.read }),
    ease: 100,
  });
  await sideB.manager.attach(sideB.connection);
  await sideA.manager.attach(sideA.connection);

  await assert.rejects(sideA.manager.pair(sideA.connection, AT), (error: unknown) => {
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.code, 'proof-invalid');
    return true;
  });
  const deadline = Date.now() + 3000;
  while (!failureAtB && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(shown, 1, 'B really showed a PSK and A used it');
  assert.equal(failureAtB?.code, 'proof-invalid');
  assert.equal(sideA.connection.authenticated, false);
  assert.equal(sideB.connection.authenticated, false);
  assert.deepEqual(trustA.list(), []);
  assert.deepEqual(trustB.list(), []);
  await Promise.allSettled([aToM.close(), mFromA.close(), mToB.close(), bFromM.close()]);
  await Promise.all([listenerB.close(), listenerM.close()]);
});
