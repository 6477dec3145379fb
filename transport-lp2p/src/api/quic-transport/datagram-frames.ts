import { QuicTransportError } from '../../errors/quic-transport-errors.ts';
import { ByteQueue } from '../../protocol/byte-queue.ts';
import { readVarintAt, varintLength, writeVarint } from '../../protocol/varint.ts';

/**
 * Datagrams on a `datagrams` stream (see `stream-kind.ts`) are framed as a QUIC varint length (RFC 9000
 * §16) followed by that many bytes, the same shape as a QUIC DATAGRAM frame with a Length field
 * (RFC 9221 §4).
 */

/** Encodes a batch of datagrams as consecutive frames in one buffer, so a batch costs one stream write. */
export function encodeDatagramFrames(datagrams: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const datagram of datagrams) size += varintLength(datagram.byteLength) + datagram.byteLength;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const datagram of datagrams) {
    offset = writeVarint(out, offset, datagram.byteLength);
    out.set(datagram, offset);
    offset += datagram.byteLength;
  }
  return out;
}

/**
 * Splits a datagram stream back into datagrams, however its bytes were chunked in transit. A frame longer
 * than `maxDatagramSize` is a protocol violation: the sender must never produce one, and accepting it
 * would let a peer make us buffer without bound.
 */
export class DatagramFrameReader {
  readonly #bytes = new ByteQueue();
  readonly #maxDatagramSize: number;

  constructor(maxDatagramSize: number) {
    this.#maxDatagramSize = maxDatagramSize;
  }

  /** Adds received bytes and returns every datagram they complete. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.#bytes.push(chunk);
    const datagrams: Uint8Array[] = [];
    for (;;) {
      const header = readVarintAt(this.#bytes.byteAt, 0, this.#bytes.length);
      if (header === undefined) return datagrams;
      if (header.value > this.#maxDatagramSize) {
        throw new QuicTransportError(
          'protocol-violation',
          `datagram of ${header.value} bytes exceeds the maximum of ${this.#maxDatagramSize}`,
        );
      }
      if (this.#bytes.length < header.length + header.value) return datagrams;
      this.#bytes.take(header.length);
      // Copy: a view would pin the whole received chunk for as long as the application keeps the datagram.
      datagrams.push(this.#bytes.take(header.value).slice());
    }
  }

  /** True when a frame was cut off by the end of the stream. */
  get partial(): boolean {
    return this.#bytes.length > 0;
  }
}
