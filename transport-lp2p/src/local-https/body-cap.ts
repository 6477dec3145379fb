import { Transform, type TransformCallback } from 'node:stream';
import { LocalHttpsError } from '../errors/index.ts';

/** Passes bytes through until more than `maxBytes` went by, then fails with `body-too-large`. */
export class BodyCap extends Transform {
  readonly #maxBytes: number;
  #seen = 0;

  constructor(maxBytes: number) {
    super();
    this.#maxBytes = maxBytes;
  }

  /** Whether the body went over the cap (and the stream failed for it). */
  get exceeded(): boolean {
    return this.#seen > this.#maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.byteLength;
    if (this.exceeded) {
      callback(new LocalHttpsError('body-too-large', `the request body exceeds ${this.#maxBytes} bytes`));
    } else callback(null, chunk);
  }
}
