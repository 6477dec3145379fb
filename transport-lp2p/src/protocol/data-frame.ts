import { MessageEncodeError } from '../errors/protocol-errors.ts';
import { DataEncoding, MessageType, type ValueOf } from './constants.ts';

/** Header bytes before the payload: type key (1), map(2) (1), key 0 (1), encoding id (1), key 4 (1), bstr (≤ 9). */
const MAX_HEADER = 14;

/**
 * Encodes a data-frame (lp2p Appendix A, type key 24) byte for byte as `encodeMessage` does, but writes the
 * fixed header by hand and copies the payload once with `set`: the bulk path of data channels, where the CBOR
 * encoder's generic byte-string copy cost about as much as the rest of the send.
 * @throws MessageEncodeError for an encoding id outside data-channel-encoding-id.
 * @example
 * stream.sendEncoded(encodeDataFrame(DataEncoding.String, new TextEncoder().encode('hi')));
 */
export function encodeDataFrame(encodingId: ValueOf<typeof DataEncoding>, payload: Uint8Array): Uint8Array {
  if (
    encodingId !== DataEncoding.Blob &&
    encodingId !== DataEncoding.String &&
    encodingId !== DataEncoding.ArrayBuffer
  ) {
    throw new MessageEncodeError(
      `data-frame.encodingId must be a data-channel-encoding-id, got ${encodingId}`,
    );
  }
  const header = new Uint8Array(MAX_HEADER);
  // Type key 24 fits one varint byte; the CBOR map's keys and the encoding id are one-byte unsigned ints.
  header.set([MessageType.DataFrame, 0xa2, 0x00, encodingId, 0x04]);
  const headerLength = 5 + writeByteStringHead(header, 5, payload.byteLength);
  const frame = new Uint8Array(headerLength + payload.byteLength);
  frame.set(header.subarray(0, headerLength));
  frame.set(payload, headerLength);
  return frame;
}

/** CBOR major type 2 head in its shortest form (RFC 8949 §4.2.1); returns its length. */
function writeByteStringHead(target: Uint8Array, at: number, length: number): number {
  const view = new DataView(target.buffer, target.byteOffset);
  if (length < 24) {
    target[at] = 0x40 | length;
    return 1;
  }
  if (length < 0x100) {
    target[at] = 0x58;
    target[at + 1] = length;
    return 2;
  }
  if (length < 0x1_0000) {
    target[at] = 0x59;
    view.setUint16(at + 1, length);
    return 3;
  }
  if (length < 0x1_0000_0000) {
    target[at] = 0x5a;
    view.setUint32(at + 1, length);
    return 5;
  }
  target[at] = 0x5b;
  view.setBigUint64(at + 1, BigInt(length));
  return 9;
}
