import type { RelayPeer } from '../../share/relay-protocol.ts';

/** How often the granted list is read while pages listen. */
const WATCH_MS = 1000;

/**
 * The paired agents granted the app, as pages get them (`state`'s `paired`): read from `granted` with their names
 * from `nameOf`. A pairing or a grant raises no share event, so once {@link watch}ed the list is read every second
 * and `changed` is called when it differs.
 */
export class GrantedPeers {
  readonly #granted: (() => readonly string[]) | undefined;
  readonly #nameOf: (fingerprint: string) => string | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #last = '';

  constructor(
    granted: (() => readonly string[]) | undefined,
    nameOf: (fingerprint: string) => string | undefined,
  ) {
    this.#granted = granted;
    this.#nameOf = nameOf;
  }

  /** The list now; undefined when this agent does not tell. */
  list(): RelayPeer[] | undefined {
    return this.#granted?.().map((id) => ({ id, name: this.#nameOf(id) ?? '' }));
  }

  /** Starts reading the list every second (once; `listening()` false skips a round). */
  watch(listening: () => boolean, changed: () => void): void {
    if (this.#granted === undefined || this.#timer !== undefined) return;
    this.#last = JSON.stringify(this.list());
    this.#timer = setInterval(() => {
      if (!listening()) return;
      const now = JSON.stringify(this.list());
      if (now === this.#last) return;
      this.#last = now;
      changed();
    }, WATCH_MS);
    this.#timer.unref?.();
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
