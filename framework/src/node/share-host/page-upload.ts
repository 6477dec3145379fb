import { fromBase64, ShareRelayError } from '../../share/relay-protocol.ts';

/**
 * A file a page is sending to its agent to share (`file-start`, then `data` frames): the parts are kept until the
 * announced size has arrived, then handed over as one `Blob`. More bytes than announced, or an announced size over
 * the agent's cap, is a {@link ShareRelayError}.
 */
export class PageUpload {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly to: string[];
  readonly #parts: Uint8Array<ArrayBuffer>[] = [];
  #received = 0;

  constructor(start: { name: string; type: string; size: number; to: string[] }, maxBytes: number) {
    if (start.size > maxBytes)
      throw new ShareRelayError('too-large', `${start.size} bytes is over the agent's cap of ${maxBytes}`);
    this.name = start.name;
    this.type = start.type;
    this.size = start.size;
    this.to = start.to;
  }

  get complete(): boolean {
    return this.#received === this.size;
  }

  /** Adds a `data` frame's bytes; returns true once the whole file is here. */
  add(base64: string): boolean {
    const bytes = fromBase64(base64);
    if (this.#received + bytes.length > this.size)
      throw new ShareRelayError('too-large', `more than the announced ${this.size} bytes`);
    this.#parts.push(bytes);
    this.#received += bytes.length;
    return this.complete;
  }

  blob(): Blob {
    return new Blob(this.#parts, { type: this.type });
  }
}
