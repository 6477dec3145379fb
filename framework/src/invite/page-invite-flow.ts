import type { NearbyShare } from '../share/nearby-share.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { NearbyConnection } from './link-connection.ts';
import { inviteFromPage, joinFromPage, type NearbyReceiver, type NearbyRequest } from './page-invite.ts';

/** Where an invite or a join stands (what `<offgrid-invite>` renders). */
export interface PageInviteState {
  /** Always false: the agent's trusted UI shows and asks for the code, never the page. */
  readonly needsCode: false;
  readonly busy: boolean;
  readonly error?: string;
  /** How the page names the device linked last. */
  readonly paired?: string;
}

export interface PageInviteOptions {
  readonly workspace: Workspace;
  readonly share?: NearbyShare;
  /** A new `LP2PRequest` of `@offgrid/transport-lp2p/browser` (one per invite). */
  readonly request: () => NearbyRequest<NearbyConnection>;
  /** The page's `LP2PReceiver` (made discoverable on the first join). */
  readonly receiver: () => NearbyReceiver;
  /**
   * The peer id of a connection. A page's `LP2PConnection` names no peer (the agent keeps fingerprints from
   * pages), so the app supplies one both sides agree on — until the agent relays share for pages.
   */
  readonly peerIdOf: (connection: NearbyConnection) => string;
  /**
   * How `paired` names the device of a new connection (default: its peer id). The page stays `busy` until it
   * resolves, so it should settle on a fallback name by itself.
   */
  readonly nameOf?: (connection: NearbyConnection) => Promise<string> | string;
}

/**
 * Invite and join for a page, as one source `<offgrid-invite>` follows (`snapshot()` and `change` events):
 * `invite()` runs an `LP2PRequest` (the trusted UI picks the device, shows the code, asks for the grant),
 * `join()` makes the page's `LP2PReceiver` discoverable (the trusted UI asks for the code); each connection is
 * linked to the workspace and the share.
 */
export class PageInvite extends EventTarget {
  readonly #options: PageInviteOptions;
  #state: PageInviteState = { needsCode: false, busy: false };
  #stopJoining: (() => void) | undefined;

  constructor(options: PageInviteOptions) {
    super();
    this.#options = options;
  }

  snapshot(): PageInviteState {
    return this.#state;
  }

  invite(): void {
    if (this.#state.busy) return;
    this.#set({ needsCode: false, busy: true });
    const { workspace, share } = this.#options;
    const request = this.#options.request();
    const linked = request
      .start()
      .then((connection) =>
        inviteFromPage(
          { start: async () => connection },
          { workspace, ...(share && { share }), peerId: this.#options.peerIdOf(connection) },
        ),
      );
    linked
      .then(({ connection }) => this.#name(connection))
      .then(
        (paired) => this.#set({ needsCode: false, busy: false, paired }),
        (error: unknown) => this.#set({ needsCode: false, busy: false, error: messageOf(error) }),
      );
  }

  join(): void {
    if (this.#state.busy || this.#stopJoining) return;
    this.#set({ needsCode: false, busy: true });
    const { workspace, share, peerIdOf } = this.#options;
    const receiver = this.#options.receiver();
    receiver.addEventListener('connection', (event) => {
      const { connection } = event as Event & { connection: NearbyConnection };
      this.#name(connection).then(
        (paired) => this.#set({ needsCode: false, busy: false, paired }),
        () => this.#set({ needsCode: false, busy: false, paired: peerIdOf(connection) }),
      );
    });
    joinFromPage(receiver, { workspace, ...(share && { share }), peerIdOf }).then(
      (stop) => {
        this.#stopJoining = stop;
      },
      (error: unknown) => this.#set({ needsCode: false, busy: false, error: messageOf(error) }),
    );
  }

  /** Stops linking new connections (links made stay). */
  cancel(): void {
    this.#stopJoining?.();
    this.#stopJoining = undefined;
    this.#set({ ...this.#state, busy: false });
  }

  async #name(connection: NearbyConnection): Promise<string> {
    const { nameOf, peerIdOf } = this.#options;
    return nameOf ? await nameOf(connection) : peerIdOf(connection);
  }

  #set(state: PageInviteState): void {
    this.#state = state;
    this.dispatchEvent(new Event('change'));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'pairing did not finish';
}
