import type { EnteredPsk, PeerPrompt, PresentedPsk, PromptDelegate } from './prompt-delegate.ts';

export interface ProgrammaticPromptOptions {
  /** Called when the agent presents a PSK; defaults to doing nothing. */
  readonly onShowPsk?: (psk: PresentedPsk, peer: PeerPrompt) => void;
  /** Supplies the PSK when the agent consumes one. */
  readonly providePsk?: (peer: PeerPrompt, signal: AbortSignal) => Promise<EnteredPsk> | EnteredPsk;
  /** Picks a peer; defaults to the first one. */
  readonly choosePeer?: (peers: readonly PeerPrompt[], origin: string | undefined) => string | undefined;
  /** Decides whether to advertise for an origin; defaults to yes. */
  readonly allowAdvertising?: (origin: string, nickname: string) => boolean;
  /** Decides grants, at once or after a while (as a person would); defaults to granting. */
  readonly grantOrigin?: (peer: PeerPrompt, origin: string) => boolean | Promise<boolean>;
  /** Decides whether pairing resumes after repeated failures; defaults to no (as a headless agent). */
  readonly allowPairingAfterFailures?: (peer: PeerPrompt, failures: number) => boolean | Promise<boolean>;
}

/** A `PromptDelegate` for programs and tests: every answer comes from a callback. */
export class ProgrammaticPromptDelegate implements PromptDelegate {
  readonly #options: ProgrammaticPromptOptions;

  constructor(options: ProgrammaticPromptOptions = {}) {
    this.#options = options;
  }

  showPsk({ peer, psk }: { peer: PeerPrompt; psk: PresentedPsk }): void {
    this.#options.onShowPsk?.(psk, peer);
  }

  async requestPsk({ peer, signal }: { peer: PeerPrompt; signal: AbortSignal }): Promise<EnteredPsk> {
    if (!this.#options.providePsk) throw new Error('this prompt delegate cannot provide a PSK');
    return this.#options.providePsk(peer, signal);
  }

  async choosePeer({
    peers,
    origin,
  }: {
    peers: readonly PeerPrompt[];
    origin?: string;
  }): Promise<string | undefined> {
    return this.#options.choosePeer ? this.#options.choosePeer(peers, origin) : peers[0]?.fingerprint;
  }

  async allowAdvertising({ origin, nickname }: { origin: string; nickname: string }): Promise<boolean> {
    return this.#options.allowAdvertising ? this.#options.allowAdvertising(origin, nickname) : true;
  }

  async grantOrigin({ peer, origin }: { peer: PeerPrompt; origin: string }): Promise<boolean> {
    return this.#options.grantOrigin ? this.#options.grantOrigin(peer, origin) : true;
  }

  async allowPairingAfterFailures({
    peer,
    failures,
  }: {
    peer: PeerPrompt;
    failures: number;
  }): Promise<boolean> {
    return (await this.#options.allowPairingAfterFailures?.(peer, failures)) ?? false;
  }
}

/**
 * Connects a presenter's `onShowPsk` to a consumer's `providePsk`, as a person reading one screen and typing
 * into another would: for pairing without human input in tests and benchmarks.
 */
export class PskHandoff {
  #waiting: ((psk: string) => void)[] = [];
  #shown: string | undefined;

  readonly show = (psk: PresentedPsk): void => {
    this.#shown = psk.numeric;
    for (const resolve of this.#waiting.splice(0)) resolve(psk.numeric);
  };

  readonly read = (_peer: PeerPrompt, signal: AbortSignal): Promise<string> => {
    const shown = this.#shown;
    if (shown !== undefined) {
      this.#shown = undefined;
      return Promise.resolve(shown);
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push(resolve);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
}
