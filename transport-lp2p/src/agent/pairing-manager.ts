import { AuthenticationError } from '../errors/index.ts';
import type { PeerPrompt, PromptDelegate } from '../trust/index.ts';
import type { TrustStore } from '../trust/node.ts';
import type { AgentConnection } from './agent-connection.ts';
import type { AuthCapabilities } from './auth-roles.ts';
import type { AuthenticationParty } from './authentication.ts';
import { initiateAuthentication, respondToAuthentication } from './authentication.ts';
import { CloseCode } from './close-codes.ts';
import type { PairingGuard } from './pairing-guard.ts';

export interface PairingManagerOptions {
  readonly localFingerprint: string;
  readonly trustStore: TrustStore;
  readonly guard: PairingGuard;
  readonly capabilities: AuthCapabilities;
  /** Shows and asks for PSKs; without one, this agent refuses to pair (it cannot involve a person). */
  readonly prompt: PromptDelegate | undefined;
  /** Our own `at` when we advertise; incoming handshakes must carry it. */
  readonly localAuthToken: string | undefined;
  /** How a peer is described to the person (name, verified, suspicious flags). */
  readonly describePeer: (connection: AgentConnection) => PeerPrompt;
  readonly timeoutMs?: number;
  /** Told of every finished attempt, incoming or outgoing: `error` is undefined on success. */
  readonly onOutcome?: (connection: AgentConnection, error: AuthenticationError | undefined) => void;
}

/**
 * Authentication state per connection (lp2p §Peer authentication): marks connections of trusted peers
 * authenticated at once, answers pairing attempts, starts them, and records the outcome in the trust store.
 * A failed attempt closes the connection (osp-network: "the agent must immediately disconnect") and makes the
 * next attempt with that peer wait longer.
 */
export class PairingManager {
  readonly #options: PairingManagerOptions;

  constructor(options: PairingManagerOptions) {
    this.#options = options;
  }

  /** Called for every new connection, before any stream is served. */
  async attach(connection: AgentConnection): Promise<void> {
    connection.handle('auth-capabilities', (first, stream) => {
      if (first.type !== 'auth-capabilities') return;
      return this.#run(connection, undefined, (party) => respondToAuthentication(party, first, stream));
    });
    await this.#options.trustStore.refresh();
    if (this.#options.trustStore.isAuthenticated(connection.remoteFingerprint))
      connection.markAuthenticated();
  }

  /** Pairs over `connection` unless the peer is already trusted. `authToken` is the server's advertised `at`. */
  async pair(
    connection: AgentConnection,
    authToken: string | undefined,
    prompt?: PromptDelegate,
  ): Promise<void> {
    await this.#options.trustStore.refresh();
    if (this.#options.trustStore.isAuthenticated(connection.remoteFingerprint)) {
      connection.markAuthenticated();
      return;
    }
    await this.#run(connection, { authToken, prompt }, (party) => initiateAuthentication(party));
  }

  async #run(
    connection: AgentConnection,
    initiator: { authToken: string | undefined; prompt: PromptDelegate | undefined } | undefined,
    attempt: (party: AuthenticationParty) => Promise<void>,
  ): Promise<void> {
    const { guard, trustStore } = this.#options;
    const fingerprint = connection.remoteFingerprint;
    const prompt = initiator?.prompt ?? this.#options.prompt;
    if (!prompt) {
      await connection.close(CloseCode.NotAllowed, 'this agent does not pair');
      throw new AuthenticationError('cancelled', 'no prompt delegate to show or ask for a PSK');
    }
    const delay = guard.delayMs(fingerprint);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const party: AuthenticationParty = {
      connection,
      localFingerprint: this.#options.localFingerprint,
      capabilities: this.#options.capabilities,
      prompt,
      peer: this.#options.describePeer(connection),
      authToken: initiator ? initiator.authToken : this.#options.localAuthToken,
      timeoutMs: this.#options.timeoutMs,
    };
    try {
      await attempt(party);
    } catch (error) {
      const failure =
        error instanceof AuthenticationError
          ? error
          : new AuthenticationError('protocol-violation', String(error), { cause: error });
      // A dropped token is an off-LAN probe, not a guess at the PSK: it does not count towards the backoff.
      if (failure.code !== 'bad-initiation-token') guard.recordFailure(fingerprint);
      await connection.close(CloseCode.NotAllowed, 'authentication failed');
      this.#options.onOutcome?.(connection, failure);
      throw failure;
    }
    guard.recordSuccess(fingerprint);
    const info = connection.remoteInfo;
    await trustStore.recordAuthenticated({
      fingerprint,
      displayName: info?.displayName ?? party.peer.name,
      modelName: info?.modelName ?? '',
    });
    connection.markAuthenticated();
    this.#options.onOutcome?.(connection, undefined);
  }
}
