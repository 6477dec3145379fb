import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthenticationError } from '../errors/index.ts';
import { agentFingerprint } from '../identity/index.ts';
import type { LocalCredentials } from '../platform/index.ts';
import { createMemorySessionPair } from '../platform/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import type { PresentedPsk } from '../trust/index.ts';
import { ProgrammaticPromptDelegate, PskHandoff } from '../trust/index.ts';
import { TrustStore } from '../trust/node.ts';
import { AgentConnection } from './agent-connection.ts';
import { defaultAuthCapabilities } from './auth-roles.ts';
import { PairingGuard } from './pairing-guard.ts';
import type { PairingManager } from './pairing-manager.ts';
import { SUSPICIOUS_FAILURES, suspicionReasons } from './suspicion.ts';
import { connectedPair } from './testing/connected-pair.ts';
import { testPairingManager } from './testing/test-pairing-manager.ts';

const TOKEN = 'serverToken123';
const LOCKOUT = 5;
const BASE_DELAY_MS = 40;

/** One headless agent (it presents PSKs) and guessers that each dial with a brand-new certificate. */
describe('PSK guessing with a fresh certificate per guess', () => {
  let dir: string;
  let serverCredentials: LocalCredentials;
  let serverTrust: TrustStore;
  const shown: PresentedPsk[] = [];
  let allowResume = false;
  let resumeAsked = 0;
  const guard = new PairingGuard({ baseDelayMs: BASE_DELAY_MS, lockoutFailures: LOCKOUT });
  let server: PairingManager;
  const handoff = new PskHandoff();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offgrid-guess-'));
    serverCredentials = await createTestCredentials('server');
    serverTrust = await TrustStore.open(join(dir, 'server'));
    server = testPairingManager({
      localFingerprint: agentFingerprint(serverCredentials.certificateDer),
      trustStore: serverTrust,
      guard,
      localAuthToken: TOKEN,
      pskEaseOfInput: 10, // Lower ease than the guesser's: the server presents (osp-network §Authentication).
      prompt: new ProgrammaticPromptDelegate({
        onShowPsk: (psk) => {
          shown.push(psk);
          handoff.show(psk);
        },
        allowPairingAfterFailures: () => {
          resumeAsked++;
          return allowResume;
        },
      }),
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A guesser with a new certificate: connects, and pairs typing `psk` (or the one shown, when undefined). */
  async function guess(
    psk: string | undefined,
  ): Promise<{ error: unknown; ms: number; fingerprint: string }> {
    const credentials = await createTestCredentials('guesser');
    const [clientSession, serverSession] = createMemorySessionPair({
      clientCertificate: credentials.certificateDer,
      serverCertificate: serverCredentials.certificateDer,
    });
    const info = { displayName: 'x', modelName: 'm', capabilities: [], stateToken: 'abcdefgh', locales: [] };
    let id = 0;
    const connection = (session: typeof clientSession) =>
      new AgentConnection({
        session,
        localInfo: () => info,
        nextRequestId: () => ++id,
        remoteFingerprint: agentFingerprint(session.remoteCertificate),
      });
    const serverSide = connection(serverSession);
    const clientSide = connection(clientSession);
    await server.attach(serverSide);
    const fingerprint = agentFingerprint(credentials.certificateDer);
    const client = testPairingManager({
      localFingerprint: fingerprint,
      trustStore: await TrustStore.open(join(dir, `guesser-${shown.length}-${Date.now()}`)),
      capabilities: { ...defaultAuthCapabilities, pskEaseOfInput: 90 },
      prompt: new ProgrammaticPromptDelegate({
        providePsk: (peer, signal) => (psk === undefined ? handoff.read(peer, signal) : psk),
      }),
    });
    const started = performance.now();
    const error = await client.pair(clientSide, TOKEN).then(
      () => undefined,
      (e: unknown) => e,
    );
    const ms = performance.now() - started;
    await Promise.allSettled([clientSide.close(), serverSide.close()]);
    return { error, ms, fingerprint };
  }

  it('backs off agent-wide, rotates the PSK, flags any certificate, and locks after N failures', async () => {
    const results = [];
    for (let i = 0; i < LOCKOUT; i++) results.push(await guess('000-000-001'));
    for (const { error } of results) assert.equal((error as AuthenticationError).code, 'proof-invalid');
    assert.equal(shown.length, LOCKOUT);
    assert.equal(new Set(shown.map((p) => p.numeric)).size, LOCKOUT, 'a new PSK after every failure');
    // Each guess came from a new certificate, yet each waited longer than the one before.
    const waits = results.map((r) => r.ms);
    for (let i = 2; i < LOCKOUT; i++) {
      const expected = BASE_DELAY_MS * 2 ** (i - 1);
      assert.ok((waits[i] ?? 0) >= expected * 0.9, `guess ${i} waited ${waits[i]} ms, at least ${expected}`);
    }
    // A certificate never seen before counts as failing repeatedly: the flag does not depend on the certificate.
    const stranger = `${'Z'.repeat(43)}=`;
    assert.ok(guard.failures(stranger) >= SUSPICIOUS_FAILURES);
    const reasons = suspicionReasons(stranger, {
      discovered: [],
      trusted: [],
      namesSeen: new Map(),
      failures: guard.failures(stranger),
    });
    assert.deepEqual(reasons, ['repeated-failures']);

    // Locked: the next guesser is refused before any PSK is shown; nobody allowed more.
    const locked = await guess('000-000-001');
    assert.ok(locked.error instanceof AuthenticationError);
    assert.equal(shown.length, LOCKOUT, 'no PSK presented once locked');
    assert.equal(resumeAsked, 1, 'the person was asked');
    assert.equal(guard.locked, true);

    // A person allows pairing again: the genuine peer (it reads the PSK shown) pairs.
    allowResume = true;
    const genuine = await guess(undefined);
    assert.equal(genuine.error, undefined);
    assert.equal(resumeAsked, 2);
    assert.equal(guard.locked, false);
    assert.equal(serverTrust.isAuthenticated(genuine.fingerprint), true);
  });
});

describe('PairingGuard', () => {
  it('counts failures per fingerprint, per source address and for the agent as a whole', () => {
    const guard = new PairingGuard({ baseDelayMs: 100, maxDelayMs: 1000, lockoutFailures: 4 });
    const from = (n: number) => ({ fingerprint: `fp${n}`, address: '10.0.0.9' });
    guard.recordFailure(from(1));
    guard.recordFailure(from(2));
    guard.recordFailure(from(3));
    assert.equal(guard.failures({ fingerprint: 'fp4', address: '10.0.0.9' }), 3);
    assert.equal(guard.delayMs({ fingerprint: 'fp4', address: '10.0.0.9' }), 400);
    guard.recordSuccess({ fingerprint: 'good', address: '10.0.0.7' });
    // After a success the agent-wide count restarts, but the guessing address stays counted.
    assert.equal(guard.failures({ fingerprint: 'fp5', address: '10.0.0.9' }), 3);
    assert.equal(guard.failures({ fingerprint: 'fp5', address: '10.0.0.8' }), 0);
    for (let i = 0; i < 4; i++) guard.recordFailure({ fingerprint: `other${i}` });
    assert.equal(guard.locked, true);
    assert.equal(guard.delayMs('anyone'), 800);
    guard.unlock();
    assert.equal(guard.locked, false);
  });

  it('keeps its memory bounded under a flood of fingerprints', () => {
    const guard = new PairingGuard({ maxTracked: 8 });
    for (let i = 0; i < 100; i++) guard.recordFailure({ fingerprint: `fp${i}`, address: `10.0.${i}.1` });
    guard.recordSuccess('x');
    assert.equal(guard.failures('fp0'), 0, 'the oldest were forgotten');
    assert.equal(guard.failures('fp99'), 1);
  });
});

describe('concurrent guesses', () => {
  it('answers one incoming attempt at a time', async () => {
    const pair = await connectedPair();
    const second = await connectedPair();
    try {
      let shownCount = 0;
      const presenter = new ProgrammaticPromptDelegate({ onShowPsk: () => shownCount++ });
      const server = testPairingManager({
        localFingerprint: pair.server.fingerprint,
        trustStore: pair.server.trustStore,
        prompt: presenter,
        localAuthToken: TOKEN,
        pskEaseOfInput: 10,
      });
      await server.attach(pair.server.connection);
      await server.attach(second.server.connection);
      const slow = new ProgrammaticPromptDelegate({
        providePsk: (_p, signal) => new Promise((_, reject) => signal.addEventListener('abort', reject)),
      });
      const guesser = (side: typeof pair.client) =>
        testPairingManager({
          localFingerprint: side.fingerprint,
          trustStore: side.trustStore,
          prompt: slow,
          pskEaseOfInput: 90,
        }).pair(side.connection, TOKEN);
      const first = guesser(pair.client).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 100));
      const refused = await guesser(second.client).catch((e: unknown) => e);
      assert.ok(refused instanceof AuthenticationError);
      assert.equal(shownCount, 1, 'the overlapping attempt got no PSK');
      await pair.client.connection.close();
      await first;
    } finally {
      await pair.close();
      await second.close();
    }
  });
});
