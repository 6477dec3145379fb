import { AuthenticationError } from '../errors/index.ts';
import type { PeerPrompt, PromptDelegate } from '../trust/index.ts';
import type { TrustStore } from '../trust/node.ts';
import type { AgentConnection } from './agent-connection.ts';
import type { AuthCapabilities } from './auth-roles.ts';
import type { AuthenticationParty } from './authentication.ts';
import { initiateAuthentication, respondToAuthentication } from './authentication.ts';
import { CloseCode } from './close-codes.ts';
import type { PairingGuard, PairingPeerKey } from './pairing-guard.ts';

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
  /** Told when an attempt starts (after the backoff gate) and ends, so admission can pause its deadline. */
  readonly onAttempt?: (connection: AgentConnection, running: boolean) => void;
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
  /** An incoming attempt is running (or waiting out its backoff): others are refused, so guesses cannot overlap. */
  #answering = false;

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

  /**
   * Pairs over `connection` unless the peer is already trusted (or even then, with `force`: the peer does not
   * trust us back). `authToken` is the server's advertised `at`. Only on a connection we dialled: otherwise this
   * throws `not-dialler` before anything is sent (the peer may pair on it; we answer that attempt as usual).
   */
  async pair(
    connection: AgentConnection,
    authToken: string | undefined,
    prompt?: PromptDelegate,
    force = false,
  ): Promise<void> {
    if (!connection.session.isClient)
      throw new AuthenticationError('not-dialler', 'pairing starts only on a connection this agent dialled');
    await this.#options.trustStore.refresh();
    if (!force && this.#options.trustStore.isAuthenticated(connection.remoteFingerprint)) {
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
    const { guard } = this.#options;
    const prompt = initiator?.prompt ?? this.#options.prompt;
    if (!prompt) {
      await connection.close(CloseCode.NotAllowed, 'this agent does not pair');
      throw new AuthenticationError('cancelled', 'no prompt delegate to show or ask for a PSK');
    }
    const key = peerKey(connection);
    if (!initiator) {
      // Incoming: one at a time, and none once locked, so a guesser with a fresh certificate per guess (or many
      // at once) gets no more PSKs than the backoff allows.
      if (this.#answering) return this.#refuse(connection, 'another pairing attempt is in progress');
      this.#answering = true;
    }
    this.#options.onAttempt?.(connection, true);
    try {
      if (!initiator && guard.locked && !(await this.#askToResume(connection, prompt)))
        return await this.#refuse(connection, `pairing stopped after ${guard.totalFailures} failed attempts`);
      const delay = guard.delayMs(key);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await this.#attempt(connection, initiator, prompt, key, attempt);
    } finally {
      if (!initiator) this.#answering = false;
      this.#options.onAttempt?.(connection, false);
    }
  }

  async #attempt(
    connection: AgentConnection,
    initiator: { authToken: string | undefined } | undefined,
    prompt: PromptDelegate,
    key: PairingPeerKey,
    attempt: (party: AuthenticationParty) => Promise<void>,
  ): Promise<void> {
    const { guard, trustStore } = this.#options;
    const fingerprint = key.fingerprint;
    let recorded = false;
    let recording: Promise<void> | undefined;
    const party: AuthenticationParty = {
      connection,
      localFingerprint: this.#options.localFingerprint,
      capabilities: this.#options.capabilities,
      prompt,
      peer: this.#options.describePeer(connection),
      authToken: initiator ? initiator.authToken : this.#options.localAuthToken,
      timeoutMs: this.#options.timeoutMs,
      commit: () => {
        const info = connection.remoteInfo;
        recording = trustStore
          .recordAuthenticated({
            fingerprint,
            displayName: info?.displayName ?? party.peer.name,
            modelName: info?.modelName ?? '',
          })
          .then(() => {
            recorded = true;
          });
        return recording;
      },
    };
    try {
      await attempt(party);
    } catch (error) {
      const failure =
        error instanceof AuthenticationError
          ? error
          : new AuthenticationError('protocol-violation', String(error), { cause: error });
      // We recorded the peer, but it did not (or the attempt broke off before it said so): never trust one-sided.
      // The attempt may have broken off (the peer closed) while our write was still under way: let it land first.
      await recording?.catch(() => {});
      if (recorded) await trustStore.unpair(fingerprint).catch(() => {});
      // Not guesses at the PSK, so no backoff: a dropped token (an off-LAN probe), our own failure to record.
      if (failure.code !== 'bad-initiation-token' && failure.code !== 'trust-not-saved')
        guard.recordFailure(key);
      await connection.close(CloseCode.NotAllowed, 'authentication failed');
      this.#options.onOutcome?.(connection, failure);
      throw failure;
    }
    guard.recordSuccess(key);
    connection.markAuthenticated();
    this.#options.onOutcome?.(connection, undefined);
  }

  /** A person decides whether a locked agent answers pairing again; headless agents stay locked until restart. */
  async #askToResume(connection: AgentConnection, prompt: PromptDelegate): Promise<boolean> {
    const { guard } = this.#options;
    const closed = new AbortController();
    const onClose = () => closed.abort();
    connection.addEventListener('close', onClose);
    try {
      const allowed = await prompt.allowPairingAfterFailures?.({
        peer: this.#options.describePeer(connection),
        failures: guard.totalFailures,
        signal: AbortSignal.any([closed.signal, AbortSignal.timeout(this.#options.timeoutMs ?? 120_000)]),
      });
      if (allowed === true) guard.unlock();
      return allowed === true;
    } catch {
      return false;
    } finally {
      connection.removeEventListener('close', onClose);
    }
  }

  async #refuse(connection: AgentConnection, why: string): Promise<never> {
    await connection.close(CloseCode.NotAllowed, why);
    const error = new AuthenticationError('throttled', why);
    this.#options.onOutcome?.(connection, error);
    throw error;
  }
}

function peerKey(connection: AgentConnection): PairingPeerKey {
  const address = connection.session.remoteAddress?.address;
  return address === undefined
    ? { fingerprint: connection.remoteFingerprint }
    : { fingerprint: connection.remoteFingerprint, address };
}
