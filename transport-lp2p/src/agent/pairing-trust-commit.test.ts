import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { AuthenticationError, StateDirError } from '../errors/index.ts';
import { ProgrammaticPromptDelegate, PskHandoff } from '../trust/index.ts';
import { connectedPair, type TestSide } from './testing/connected-pair.ts';
import { testPairingManager } from './testing/test-pairing-manager.ts';

const TOKEN = 'serverToken123';

/** Makes `side`'s trust store fail to record, as a full disk would. */
function diskFull(side: TestSide): void {
  side.trustStore.recordAuthenticated = async () => {
    throw new StateDirError('state-file-io', side.trustStore.path, 'cannot write (ENOSPC)');
  };
}

describe('pairing succeeds only when both sides recorded the trust', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  for (const failing of ['client', 'server'] as const) {
    it(`a ${failing} that cannot record the peer (ENOSPC) leaves neither side trusting`, async () => {
      const pair = await connectedPair();
      cleanup = pair.close;
      diskFull(pair[failing]);
      const handoff = new PskHandoff();
      const outcomes: { server?: AuthenticationError | undefined } = {};
      const server = testPairingManager({
        localFingerprint: pair.server.fingerprint,
        trustStore: pair.server.trustStore,
        prompt: new ProgrammaticPromptDelegate({ onShowPsk: handoff.show }),
        pskEaseOfInput: 10,
        localAuthToken: TOKEN,
        onOutcome: (_c, error) => {
          outcomes.server = error;
        },
      });
      const client = testPairingManager({
        localFingerprint: pair.client.fingerprint,
        trustStore: pair.client.trustStore,
        prompt: new ProgrammaticPromptDelegate({ providePsk: handoff.read }),
        pskEaseOfInput: 90,
      });
      await server.attach(pair.server.connection);
      await client.attach(pair.client.connection);
      const error = await client.pair(pair.client.connection, TOKEN).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof AuthenticationError, 'the pairer does not report success');
      // The agent's failure arrives as its auth-status, or as its close when that comes first.
      const expected = failing === 'client' ? ['trust-not-saved'] : ['peer-failed', 'connection-closed'];
      assert.ok(expected.includes(error.code), error.code);
      const deadline = Date.now() + 2000;
      while (!('server' in outcomes) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.ok(outcomes.server instanceof AuthenticationError, 'the agent does not report success either');
      await pair.client.trustStore.refresh();
      await pair.server.trustStore.refresh();
      assert.deepEqual(pair.client.trustStore.list(), [], 'the client trusts nobody');
      assert.deepEqual(pair.server.trustStore.list(), [], 'the server trusts nobody');
      assert.equal(pair.client.connection.authenticated, false);
      assert.equal(pair.server.connection.authenticated, false);
    });
  }
});
