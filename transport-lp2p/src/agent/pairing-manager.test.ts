import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { AuthenticationError } from '../errors/index.ts';
import { until } from '../testing/until.ts';
import type { EnteredPsk, PresentedPsk } from '../trust/index.ts';
import { ProgrammaticPromptDelegate, PskHandoff } from '../trust/index.ts';
import { defaultAuthCapabilities } from './auth-roles.ts';
import { PairingGuard } from './pairing-guard.ts';
import { connectedPair, type TestSide } from './testing/connected-pair.ts';
import { type TestPairingOptions, testPairingManager } from './testing/test-pairing-manager.ts';

const TOKEN = 'serverToken123';

function manager(side: TestSide, options: Omit<TestPairingOptions, 'localFingerprint' | 'trustStore'>) {
  return testPairingManager({ localFingerprint: side.fingerprint, trustStore: side.trustStore, ...options });
}

describe('PairingManager over in-memory sessions', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  for (const flow of ['presenter-initiated', 'consumer-initiated'] as const) {
    it(`pairs with the right PSK, ${flow}, and records trust on both sides`, async () => {
      const pair = await connectedPair();
      cleanup = pair.close;
      const handoff = new PskHandoff();
      const shown: PresentedPsk[] = [];
      const presenter = new ProgrammaticPromptDelegate({
        onShowPsk: (psk) => {
          shown.push(psk);
          handoff.show(psk);
        },
      });
      const consumer = new ProgrammaticPromptDelegate({ providePsk: handoff.read });
      // The client initiates; low ease of input presents (osp-network §Authentication).
      const clientPresents = flow === 'presenter-initiated';
      const low = { ...defaultAuthCapabilities, pskEaseOfInput: 10 };
      const high = { ...defaultAuthCapabilities, pskEaseOfInput: 90 };
      const client = manager(pair.client, {
        prompt: clientPresents ? presenter : consumer,
        capabilities: clientPresents ? low : high,
      });
      const server = manager(pair.server, {
        prompt: clientPresents ? consumer : presenter,
        capabilities: clientPresents ? high : low,
        localAuthToken: TOKEN,
      });
      await server.attach(pair.server.connection);
      await client.attach(pair.client.connection);
      await client.pair(pair.client.connection, TOKEN);
      assert.equal(shown.length, 1);
      assert.match(shown[0]?.numeric ?? '', /^\d{3}(-\d{3})+$/);
      assert.equal(pair.client.connection.authenticated, true);
      await until(() => pair.server.connection.authenticated, 'authentication', 2000);
      assert.equal(pair.client.trustStore.isAuthenticated(pair.server.fingerprint), true);
      assert.equal(pair.server.trustStore.isAuthenticated(pair.client.fingerprint), true);
    });
  }

  it('a wrong PSK fails on both sides with proof-invalid, stores nothing, and the next attempt waits longer', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    const guard = new PairingGuard({ baseDelayMs: 20 });
    const serverGuard = new PairingGuard({ baseDelayMs: 20 });
    let serverError: unknown;
    const presenter = new ProgrammaticPromptDelegate({});
    const wrong = new ProgrammaticPromptDelegate({ providePsk: (): EnteredPsk => '000-000-001' });
    const client = manager(pair.client, { prompt: wrong, guard });
    const server = manager(pair.server, {
      prompt: presenter,
      localAuthToken: TOKEN,
      guard: serverGuard,
      onOutcome: (_c, error) => {
        serverError = error;
      },
    });
    await server.attach(pair.server.connection);
    await client.attach(pair.client.connection);
    // Same ease of input: the server presents; the client consumes and types a wrong PSK.
    await assert.rejects(
      client.pair(pair.client.connection, TOKEN),
      (e: unknown) => e instanceof AuthenticationError && e.code === 'proof-invalid',
    );
    await until(() => serverError !== undefined, 'the server to refuse', 2000);
    assert.equal((serverError as AuthenticationError).code, 'proof-invalid');
    assert.equal(pair.client.trustStore.list().length, 0);
    assert.equal(pair.server.trustStore.list().length, 0);
    assert.equal(pair.client.connection.authenticated, false);
    assert.ok(guard.delayMs(pair.server.fingerprint) > 0, 'client backs off');
    assert.ok(serverGuard.delayMs(pair.client.fingerprint) > 0, 'server backs off');
    const first = guard.delayMs(pair.server.fingerprint);
    guard.recordFailure(pair.server.fingerprint);
    assert.ok(guard.delayMs(pair.server.fingerprint) > first, 'each failure waits longer');
  });

  it('drops a handshake without the advertised auth-initiation-token before any PSK is shown', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    let shown = 0;
    let asked = 0;
    const server = manager(pair.server, {
      prompt: new ProgrammaticPromptDelegate({
        onShowPsk: () => shown++,
        providePsk: () => {
          asked++;
          return '1';
        },
      }),
      localAuthToken: TOKEN,
    });
    const client = manager(pair.client, {
      prompt: new ProgrammaticPromptDelegate({ onShowPsk: () => {}, providePsk: () => '1' }),
    });
    await server.attach(pair.server.connection);
    await client.attach(pair.client.connection);
    for (const token of [undefined, 'wrongToken99']) {
      await assert.rejects(client.pair(pair.client.connection, token), AuthenticationError);
    }
    assert.equal(shown, 0);
    assert.equal(asked, 0);
  });

  it('both sides start pairing on one connection at once: the dialler’s attempt pairs, the other is refused', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    const handoff = new PskHandoff();
    const shown: PresentedPsk[] = [];
    const either = () =>
      new ProgrammaticPromptDelegate({
        onShowPsk: (psk) => {
          shown.push(psk);
          handoff.show(psk);
        },
        providePsk: handoff.read,
      });
    const client = manager(pair.client, { prompt: either() });
    const server = manager(pair.server, { prompt: either(), localAuthToken: TOKEN });
    await server.attach(pair.server.connection);
    await client.attach(pair.client.connection);
    const [fromClient, fromServer] = await Promise.allSettled([
      client.pair(pair.client.connection, TOKEN),
      server.pair(pair.server.connection, undefined),
    ]);
    assert.equal(fromClient.status, 'fulfilled', String((fromClient as PromiseRejectedResult).reason));
    assert.equal(fromServer.status, 'rejected');
    assert.ok(fromServer.reason instanceof AuthenticationError);
    assert.equal(fromServer.reason.code, 'not-dialler');
    assert.equal(shown.length, 1, 'one PSK for one attempt');
    await until(() => pair.server.connection.authenticated, 'authentication', 2000);
    assert.equal(pair.client.connection.authenticated, true);
    assert.equal(pair.client.trustStore.isAuthenticated(pair.server.fingerprint), true);
    assert.equal(pair.server.trustStore.isAuthenticated(pair.client.fingerprint), true);
  });
});
