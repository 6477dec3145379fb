/** Channel ids run 0–65534 (lp2p Appendix A: data-channel-open-request channel-id; 65535 is reserved). */
export const MAX_CHANNEL_ID = 65_534;

/**
 * The channel ids in use on one connection. Ids this side picks have a fixed parity, even on the side that
 * dialled and odd on the other (as RFC 8832 §6 splits SCTP stream ids by DTLS role), so both sides can open
 * channels at once without picking the same id; ids the peer or the application chose may have either parity.
 */
export class ChannelIds {
  readonly #used = new Set<number>();
  readonly #parity: 0 | 1;
  #cursor: number;

  constructor(parity: 0 | 1) {
    this.#parity = parity;
    this.#cursor = parity;
  }

  /** The next free id of this side's parity, or undefined if every one is in use. */
  allocate(): number | undefined {
    const slots = (MAX_CHANNEL_ID + 1 - this.#parity + 1) >> 1;
    for (let tried = 0; tried < slots; tried++) {
      const id = this.#cursor;
      this.#cursor = id + 2 > MAX_CHANNEL_ID ? this.#parity : id + 2;
      if (!this.#used.has(id)) {
        this.#used.add(id);
        return id;
      }
    }
    return undefined;
  }

  /** Claims `id`; false if it is already in use. */
  claim(id: number): boolean {
    if (this.#used.has(id)) return false;
    this.#used.add(id);
    return true;
  }

  release(id: number): void {
    this.#used.delete(id);
  }
}
