import { AuthenticationError } from '../errors/index.ts';
import type { Spake2Keys } from '../pairing/index.ts';
import {
  decodePskNumeric,
  decodePskQrText,
  encodePskNumeric,
  encodePskQrText,
  generatePsk,
  OSP_CONFIRMATION_BYTES,
  ospSpake2Identity,
  pskPassword,
  Spake2,
} from '../pairing/index.ts';
import type { OspMessage } from '../protocol/index.ts';
import { AuthStatusResult, PskStatus } from '../protocol/index.ts';
import type { PeerPrompt, PromptDelegate } from '../trust/index.ts';
import type { AgentConnection } from './agent-connection.ts';
import type { AuthCapabilities } from './auth-roles.ts';
import { localPresentsPsk, requiredPskBits } from './auth-roles.ts';
import type { MessageChannel } from './message-channel.ts';

/** One side of a SPAKE2 pairing attempt (osp-network §Authentication with SPAKE2). */
export interface AuthenticationParty {
  readonly connection: AgentConnection;
  readonly localFingerprint: string;
  readonly capabilities: AuthCapabilities;
  readonly prompt: PromptDelegate;
  readonly peer: PeerPrompt;
  /**
   * The advertising (server) agent's `at`. The client sends it in every handshake; the server drops a handshake
   * whose token is missing or differs from its own (osp-network §Authentication, §Remote active attackers).
   */
  readonly authToken: string | undefined;
  /** Bound on the whole attempt, user input included. */
  readonly timeoutMs?: number;
  /**
   * Records the peer as trusted. Called once the peer's key confirmation checked out and before our auth-status
   * says "authenticated", so that status means "verified and recorded": a side that cannot record (a full disk)
   * reports an error instead, and the other side undoes its own record (docs/security.md).
   */
  readonly commit?: () => Promise<void>;
}

/** The edwards25519 public value is one encoded point: 32 bytes. */
const PUBLIC_VALUE_BYTES = 32;

/**
 * Starts pairing: our auth messages go on a unidirectional stream of ours, the peer's come on one it opens in
 * reply (osp-network §Messages: each side's ordered group on its own stream). Exchanges auth-capabilities, then runs the presenter-initiated flow
 * (`psk-shown`) when we present, or the consumer-initiated flow (`psk-needs-presentation`) when we consume.
 * Resolves when both sides proved knowledge of the same PSK; throws `AuthenticationError` otherwise.
 */
export async function initiateAuthentication(party: AuthenticationParty): Promise<void> {
  const stream = party.connection.openAuthentication();
  await runAttempt(party, stream, async (signal) => {
    await stream.send({ type: 'auth-capabilities', ...copyCapabilities(party.capabilities) });
    const remote = await expect(stream, 'auth-capabilities', signal);
    const presenting = localPresentsPsk(party.capabilities, remote, !party.connection.session.isClient);
    const bits = requiredPskBits(party.capabilities, remote);
    if (presenting) return presentPsk(party, stream, bits, signal);
    // Consumer-initiated: ask the presenter to show a PSK. We cannot compute pA without the PSK
    // (w3c/openscreenprotocol#359), so this request carries an empty public value and the presenter takes
    // SPAKE2 role A from here on; docs/protocol.md explains the ordering.
    await stream.send(handshake(party, PskStatus.NeedsPresentation, new Uint8Array(0)));
    return consumePsk(party, stream, signal);
  });
}

/** Answers a pairing attempt the peer started with `first` (its auth-capabilities); `stream` is the conversation. */
export async function respondToAuthentication(
  party: AuthenticationParty,
  first: Extract<OspMessage, { type: 'auth-capabilities' }>,
  stream: MessageChannel,
): Promise<void> {
  await runAttempt(party, stream, async (signal) => {
    await stream.send({ type: 'auth-capabilities', ...copyCapabilities(party.capabilities) });
    const presenting = localPresentsPsk(party.capabilities, first, !party.connection.session.isClient);
    if (!presenting) return consumePsk(party, stream, signal);
    const request = await expectHandshake(party, stream, signal);
    if (request.pskStatus !== PskStatus.NeedsPresentation) {
      throw new AuthenticationError(
        'protocol-violation',
        'the PSK consumer sent a handshake other than psk-needs-presentation',
      );
    }
    return presentPsk(party, stream, requiredPskBits(party.capabilities, first), signal);
  });
}

/** PSK presenter, SPAKE2 role A: show a fresh PSK, send pA, receive pB, confirm. */
async function presentPsk(
  party: AuthenticationParty,
  stream: MessageChannel,
  bits: number,
  signal: AbortSignal,
) {
  const psk = generatePsk(bits); // A new PSK for every attempt (osp-network §Local active network attackers).
  party.prompt.showPsk({
    peer: party.peer,
    psk: { numeric: encodePskNumeric(psk), qrText: encodePskQrText(psk) },
    signal,
  });
  const spake = Spake2.forOsp('A', { password: pskPassword(psk), ...identities(party) });
  await stream.send(handshake(party, PskStatus.Shown, spake.publicValue));
  const answer = await expectHandshake(party, stream, signal);
  if (answer.pskStatus !== PskStatus.Input)
    throw new AuthenticationError('protocol-violation', 'expected psk-input');
  const keys = spake.finish(checkedPublicValue(answer.publicValue));
  await stream.send({ type: 'auth-spake2-confirmation', confirmationValue: keys.confirmation });
  return confirm(party, stream, keys, signal);
}

/** PSK consumer, SPAKE2 role B: receive pA, ask the user for the PSK, send pB and cB, check cA. */
async function consumePsk(party: AuthenticationParty, stream: MessageChannel, signal: AbortSignal) {
  const offer = await expectHandshake(party, stream, signal);
  if (offer.pskStatus !== PskStatus.Shown)
    throw new AuthenticationError('protocol-violation', 'expected psk-shown');
  const publicValueA = checkedPublicValue(offer.publicValue);
  const entered = await party.prompt.requestPsk({ peer: party.peer, signal });
  const psk = typeof entered === 'string' ? decodePskNumeric(entered) : decodePskQrText(entered.qrText);
  const spake = Spake2.forOsp('B', { password: pskPassword(psk), ...identities(party) });
  const keys = spake.finish(publicValueA);
  await stream.send(handshake(party, PskStatus.Input, spake.publicValue));
  await stream.send({ type: 'auth-spake2-confirmation', confirmationValue: keys.confirmation });
  return confirm(party, stream, keys, signal);
}

/**
 * Key confirmation, then auth-status both ways. Each side decides by its own check; "authenticated" from the peer
 * also means it recorded us, so success needs both.
 */
async function confirm(
  party: AuthenticationParty,
  stream: MessageChannel,
  keys: Spake2Keys,
  signal: AbortSignal,
): Promise<void> {
  const peerConfirmation = await expect(stream, 'auth-spake2-confirmation', signal);
  const valid =
    peerConfirmation.confirmationValue.length === OSP_CONFIRMATION_BYTES &&
    keys.verifyPeerConfirmation(peerConfirmation.confirmationValue);
  const notRecorded = valid
    ? await party.commit?.().then(
        () => undefined,
        (error: unknown) => error,
      )
    : undefined;
  const result = !valid
    ? AuthStatusResult.ProofInvalid
    : notRecorded === undefined
      ? AuthStatusResult.Authenticated
      : AuthStatusResult.UnknownError;
  await stream.send({ type: 'auth-status', result });
  if (notRecorded !== undefined) {
    throw new AuthenticationError(
      'trust-not-saved',
      `could not record the peer: ${describeError(notRecorded)}`,
      {
        cause: notRecorded,
      },
    );
  }
  const status = await expect(stream, 'auth-status', signal);
  if (!valid) throw new AuthenticationError('proof-invalid', 'the peer does not know the same PSK');
  if (status.result !== AuthStatusResult.Authenticated) {
    throw new AuthenticationError('peer-failed', `the peer reported auth-status ${status.result}`);
  }
}

async function runAttempt(
  party: AuthenticationParty,
  stream: MessageChannel,
  attempt: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const timeoutMs = party.timeoutMs ?? 120_000;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new AuthenticationError('timeout', `pairing did not finish in ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onClose = () =>
    controller.abort(new AuthenticationError('connection-closed', 'the connection closed'));
  party.connection.addEventListener('close', onClose);
  try {
    await raceAbort(attempt(controller.signal), controller.signal);
  } catch (error) {
    const failure = toAuthenticationError(error);
    const result = STATUS_FOR_LOCAL_FAILURE[failure.code];
    if (result !== undefined) await stream.send({ type: 'auth-status', result }).catch(() => {});
    controller.abort(failure); // Clears any PSK still shown.
    throw failure;
  } finally {
    clearTimeout(timer);
    party.connection.removeEventListener('close', onClose);
    await stream.finish();
  }
}

/**
 * auth-status we send when the attempt fails on our side. None for failures the peer already knows of
 * (its own auth-status, proof-invalid sent in `confirm`), a closed connection, or a dropped token.
 */
const STATUS_FOR_LOCAL_FAILURE: Partial<Record<AuthenticationError['code'], number>> = {
  timeout: AuthStatusResult.Timeout,
  'protocol-violation': AuthStatusResult.UnknownError,
  cancelled: AuthStatusResult.UnknownError,
};

async function expect<T extends OspMessage['type']>(
  stream: MessageChannel,
  type: T,
  signal: AbortSignal,
): Promise<Extract<OspMessage, { type: T }>> {
  const message = await raceAbort(stream.next(), signal);
  if (message?.type === type) return message as Extract<OspMessage, { type: T }>;
  if (message?.type === 'auth-status') {
    throw new AuthenticationError(
      message.result === AuthStatusResult.ProofInvalid ? 'proof-invalid' : 'peer-failed',
      `the peer ended pairing with auth-status ${message.result}`,
    );
  }
  throw new AuthenticationError(
    'protocol-violation',
    `expected ${type}, got ${message?.type ?? 'end of stream'}`,
  );
}

/** Reads a handshake and checks its initiation token before anything is shown or asked of the user. */
async function expectHandshake(party: AuthenticationParty, stream: MessageChannel, signal: AbortSignal) {
  const message = await expect(stream, 'auth-spake2-handshake', signal);
  const token = message.initiationToken.token;
  const mustMatch = !party.connection.session.isClient || party.authToken !== undefined;
  if (mustMatch && (token === undefined || token !== party.authToken)) {
    throw new AuthenticationError(
      'bad-initiation-token',
      'dropped a handshake with a missing or wrong auth-initiation-token',
    );
  }
  return message;
}

function handshake(party: AuthenticationParty, pskStatus: number, publicValue: Uint8Array): OspMessage {
  const initiationToken = party.authToken === undefined ? {} : { token: party.authToken };
  return { type: 'auth-spake2-handshake', initiationToken, pskStatus, publicValue };
}

function checkedPublicValue(value: Uint8Array): Uint8Array {
  if (value.length !== PUBLIC_VALUE_BYTES) {
    throw new AuthenticationError(
      'protocol-violation',
      `public-value must be ${PUBLIC_VALUE_BYTES} bytes, got ${value.length}`,
    );
  }
  return value;
}

/** A = the client's fingerprint, B = the server's (osp-network §Authentication with SPAKE2). */
function identities(party: AuthenticationParty) {
  const local = ospSpake2Identity(party.localFingerprint);
  const remote = ospSpake2Identity(party.connection.remoteFingerprint);
  return party.connection.session.isClient
    ? { identityA: local, identityB: remote }
    : { identityA: remote, identityB: local };
}

function copyCapabilities(c: AuthCapabilities) {
  return {
    pskEaseOfInput: c.pskEaseOfInput,
    pskInputMethods: [...c.pskInputMethods],
    pskMinBitsOfEntropy: c.pskMinBitsOfEntropy,
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  const name = (error as { code?: string })?.code ?? (error as Error)?.name ?? 'error';
  return new AuthenticationError(
    'protocol-violation',
    `pairing failed: ${name}: ${(error as Error)?.message ?? error}`,
    { cause: error },
  );
}
