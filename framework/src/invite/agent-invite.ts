import { InviteError } from './invite-error.ts';

/**
 * The parts of `OspAgent` (`@offgrid/transport-lp2p/node`) invite and join use, by shape: the framework names no
 * transport (the app, or `offgrid up`, passes its agent in).
 */
export interface InviteAgent<Peer = unknown> extends EventTarget {
  readonly fingerprint: string;
  readonly trustStore: { setGrant(fingerprint: string, origin: string, granted: boolean): Promise<void> };
  /** `OspAgent.pair` (by fingerprint, once discovered) — the agent's prompt delegate shows or asks for the PSK. */
  pair(
    fingerprint: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ readonly remoteFingerprint: string }>;
  /** `OspAgent.pairTo` (by DNS-SD record). */
  pairTo(peer: Peer, options?: { signal?: AbortSignal }): Promise<{ readonly remoteFingerprint: string }>;
  describePeer(fingerprint: string): GrantPrompt['peer'];
}

/** What `PromptDelegate.grantOrigin` takes: the app may confirm the grant with the person (lp2p §Peer grant). */
export interface GrantPrompt {
  readonly peer: {
    readonly fingerprint: string;
    readonly name: string;
    readonly verified: boolean;
    readonly suspicious: readonly string[];
  };
  readonly origin: string;
  readonly signal: AbortSignal;
}

export interface InviteOptions {
  /** The app (its origin) the new peer is granted to. */
  readonly origin: string;
  /**
   * Asks the person whether `origin` may use the peer (a `PromptDelegate`). Absent: inviting or joining was
   * the person's consent, and the grant is given.
   */
  readonly prompt?: { grantOrigin(request: GrantPrompt): Promise<boolean> };
  readonly signal?: AbortSignal;
}

/** A peer paired and granted to the app: attach its channels to the workspace and the share. */
export interface InvitedPeer {
  readonly fingerprint: string;
  readonly name: string;
}

/**
 * Invites a nearby device (the inviter's side, Node): waits for the next peer that pairs with this agent — the
 * agent's prompt delegate shows the PSK (on a tie of `psk-ease-of-input` the dialled agent presents, osp-network
 * §Authentication), the joiner types it — then grants `origin` to it. Failed attempts (a wrong code) keep the
 * invite open: a person may try again; `signal` ends it.
 *
 * @example
 * const peer = await inviteNearby(agent, { origin: 'https://notes.local', signal: AbortSignal.timeout(300_000) });
 */
export function inviteNearby(agent: InviteAgent, options: InviteOptions): Promise<InvitedPeer> {
  return new Promise((resolve, reject) => {
    const signal = options.signal;
    const stop = () => {
      agent.removeEventListener('paired', onPaired);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stop();
      reject(new InviteError('aborted', 'the invite was cancelled', { cause: signal?.reason }));
    };
    const onPaired = (event: Event) => {
      stop();
      const { fingerprint } = event as Event & { fingerprint: string };
      grant(agent, fingerprint, options).then(resolve, reject);
    };
    if (signal?.aborted) return onAbort();
    agent.addEventListener('paired', onPaired);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Joins a device that invites (the joiner's side, Node): pairs with it — the agent's prompt delegate asks the
 * person for the PSK the inviter shows — then grants `origin` to it. `peer` is a fingerprint the agent has
 * discovered, or a DNS-SD record (`DiscoveredAgent`).
 */
export async function joinNearby<Peer>(
  agent: InviteAgent<Peer>,
  peer: string | Peer,
  options: InviteOptions,
): Promise<InvitedPeer> {
  let fingerprint: string;
  try {
    const pairOptions = options.signal ? { signal: options.signal } : {};
    const connection =
      typeof peer === 'string' ? await agent.pair(peer, pairOptions) : await agent.pairTo(peer, pairOptions);
    fingerprint = connection.remoteFingerprint;
  } catch (error) {
    if (options.signal?.aborted) throw new InviteError('aborted', 'the join was cancelled', { cause: error });
    throw new InviteError('pairing-failed', `pairing failed: ${(error as Error).message}`, {
      cause: error,
      ...(typeof peer === 'string' && { fingerprint: peer }),
    });
  }
  return grant(agent, fingerprint, options);
}

async function grant(agent: InviteAgent, fingerprint: string, options: InviteOptions): Promise<InvitedPeer> {
  const peer = agent.describePeer(fingerprint);
  const signal = options.signal ?? new AbortController().signal;
  const granted = options.prompt
    ? await options.prompt.grantOrigin({ peer, origin: options.origin, signal })
    : true;
  if (!granted)
    throw new InviteError('not-granted', `${peer.name} was paired but not granted to ${options.origin}`, {
      fingerprint,
    });
  await agent.trustStore.setGrant(fingerprint, options.origin, true);
  return { fingerprint, name: peer.name };
}
