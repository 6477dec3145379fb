import type { PageSharePeer } from '@offgrid/framework';

/** What the naming needs of the page's share (`PageShare`), by shape. */
export interface PeerListSource extends EventTarget {
  pairedPeers(): PageSharePeer[];
}

/** How long a pairing's device may take to show up in the agent's list before the page gives up its name. */
const NAME_WAIT_MS = 20_000;
/** What the page says when it cannot tell which device it paired with. */
export const UNNAMED_PEER = 'a nearby device';

/**
 * Names the device a pairing from the page reached, with the name the agent keeps for it (the peer's agent-info
 * display name, in the agent's trust store). A page's `LP2PConnection` names no peer, but the agent tells the
 * app's pages the paired devices granted the app (`PageShare.pairedPeers()`: id and name, what lp2p §Personally
 * identifiable information lets an origin learn of a peer it was granted), and a pairing from the page grants the
 * app. So the device of a new connection is the one that joins that list after the pairing began ({@link began}).
 * A device paired and granted before (a second invite of the same laptop) cannot be told apart: it is
 * {@link UNNAMED_PEER}, as is one that did not show up within 20 s.
 */
export class PairedPeerNames {
  readonly #peers: PeerListSource;
  readonly #waitMs: number;
  #known = new Set<string>();

  constructor(peers: PeerListSource, options: { waitMs?: number } = {}) {
    this.#peers = peers;
    this.#waitMs = options.waitMs ?? NAME_WAIT_MS;
  }

  /** An invite or a join starts: the devices listed now are not the one it will reach. */
  began(): void {
    this.#known = new Set(this.#peers.pairedPeers().map((peer) => peer.id));
  }

  /** The name of the device that joined the list since {@link began} (waiting for it), else {@link UNNAMED_PEER}. */
  next(): Promise<string> {
    return new Promise((resolve) => {
      const check = () => {
        const peer = this.#peers.pairedPeers().find((candidate) => !this.#known.has(candidate.id));
        if (peer === undefined) return;
        this.#known.add(peer.id);
        done(peer.name);
      };
      const done = (name: string) => {
        clearTimeout(timer);
        this.#peers.removeEventListener('change', check);
        resolve(name);
      };
      const timer = setTimeout(() => done(UNNAMED_PEER), this.#waitMs);
      this.#peers.addEventListener('change', check);
      check();
    });
  }
}
