import { type BinaryType, MAX_MESSAGE_SIZE } from '../api/index.ts';
import { BridgeError } from '../errors/index.ts';

const utf8 = new TextDecoder();

/**
 * Joins the chunks of one data-channel message as they arrive over the bridge (`more` set on all but the last),
 * up to `MAX_MESSAGE_SIZE`, and hands out the whole message as `MessageEvent.data` would carry it.
 */
export class MessageAssembler {
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #text: boolean | undefined;

  /**
   * Adds a chunk; returns the message once its last chunk arrived, else undefined.
   * @throws BridgeError 'malformed-frame' when a message changes kind midway or grows past the maximum.
   */
  add(
    chunk: Uint8Array,
    text: boolean,
    more: boolean,
    binaryType: BinaryType,
  ): string | ArrayBuffer | Blob | undefined {
    if (this.#text !== undefined && this.#text !== text) {
      throw new BridgeError('malformed-frame', 'a message changed between text and binary midway');
    }
    this.#bytes += chunk.byteLength;
    if (this.#bytes > MAX_MESSAGE_SIZE) {
      throw new BridgeError('malformed-frame', `a message grew past ${MAX_MESSAGE_SIZE} bytes`);
    }
    this.#text = text;
    this.#chunks.push(chunk);
    if (more) return undefined;
    const bytes = this.#join();
    this.#chunks = [];
    this.#bytes = 0;
    this.#text = undefined;
    if (text) return utf8.decode(bytes);
    return binaryType === 'blob'
      ? new Blob([bytes as Uint8Array<ArrayBuffer>])
      : (bytes.buffer as ArrayBuffer);
  }

  /** The message's bytes in a buffer of their own, filled exactly. */
  #join(): Uint8Array {
    const [first] = this.#chunks;
    if (
      this.#chunks.length === 1 &&
      first &&
      first.byteOffset === 0 &&
      first.byteLength === first.buffer.byteLength
    ) {
      return first;
    }
    const whole = new Uint8Array(this.#bytes);
    let at = 0;
    for (const chunk of this.#chunks) {
      whole.set(chunk, at);
      at += chunk.byteLength;
    }
    return whole;
  }
}
