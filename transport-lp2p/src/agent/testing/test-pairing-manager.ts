import type { AuthenticationError } from '../../errors/index.ts';
import type { PromptDelegate } from '../../trust/index.ts';
import type { TrustStore } from '../../trust/node.ts';
import type { AgentConnection } from '../agent-connection.ts';
import type { AuthCapabilities } from '../auth-roles.ts';
import { defaultAuthCapabilities } from '../auth-roles.ts';
import { PairingGuard } from '../pairing-guard.ts';
import { PairingManager } from '../pairing-manager.ts';

export interface TestPairingOptions {
  readonly localFingerprint: string;
  readonly trustStore: TrustStore;
  readonly prompt: PromptDelegate;
  readonly capabilities?: AuthCapabilities;
  readonly pskEaseOfInput?: number;
  readonly localAuthToken?: string;
  readonly guard?: PairingGuard;
  readonly onOutcome?: (connection: AgentConnection, error: AuthenticationError | undefined) => void;
}

/** A `PairingManager` with test defaults: a short backoff, a 5 s bound, and peers described by fingerprint only. */
export function testPairingManager(options: TestPairingOptions): PairingManager {
  const capabilities = options.capabilities ?? defaultAuthCapabilities;
  return new PairingManager({
    localFingerprint: options.localFingerprint,
    trustStore: options.trustStore,
    guard: options.guard ?? new PairingGuard({ baseDelayMs: 20 }),
    capabilities:
      options.pskEaseOfInput === undefined
        ? capabilities
        : { ...capabilities, pskEaseOfInput: options.pskEaseOfInput },
    prompt: options.prompt,
    localAuthToken: options.localAuthToken,
    describePeer: (c) => ({
      fingerprint: c.remoteFingerprint,
      name: 'peer',
      verified: false,
      suspicious: [],
    }),
    timeoutMs: 5000,
    onOutcome: options.onOutcome,
  });
}
