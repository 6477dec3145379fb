import {
  DataEncoding,
  defaultDecodeLimits,
  encodeDataFrame as frame,
  type OspMessage,
  utf8Length,
} from '../protocol/index.ts';

/** What `LP2PDataChannel.send` takes (lp2p §LP2PDataChannel IDL). */
export type DataChannelData = string | Blob | ArrayBuffer | ArrayBufferView;

/** How received binary messages are exposed (WebRTC §6.2 `binaryType`, shared with WebSocket's BinaryType). */
export type BinaryType = 'blob' | 'arraybuffer';

/**
 * The framing a data-frame adds around its payload at most: type key 24 (1 byte), a 2-entry map (1), keys 0 and
 * 4 (2), the encoding id (1) and the byte-string header (5 below 4 GiB).
 */
const DATA_FRAME_OVERHEAD = 10;

/**
 * Largest message a data channel sends: a data-frame must fit the receiver's `maxDataFrameBytes` (256 MiB by
 * default, protocol/decode-limits.ts). Offgrid peers keep the default, so a message up to this size arrives;
 * `send` throws a TypeError above it, as RTCDataChannel does above `maxMessageSize` (WebRTC §6.2 send()).
 */
export const MAX_MESSAGE_SIZE = defaultDecodeLimits.maxDataFrameBytes - DATA_FRAME_OVERHEAD;

const utf8 = new TextEncoder();
// Invalid UTF-8 from the peer becomes U+FFFD, as a WebSocket or RTCDataChannel text message would.
const utf8Decoder = new TextDecoder();

/** Payload size as `bufferedAmount` counts it: UTF-8 bytes of a string, else the byte length. */
export function payloadSize(data: DataChannelData): number {
  if (typeof data === 'string') return utf8Length(data);
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}

/**
 * The data-frame for `data` (lp2p Appendix A: encoding-id 1 for text, 2 for ArrayBuffer/views), built in
 * `allocate(length)` if given. The payload is copied into the frame here, so the caller may reuse its buffer at
 * once, as with RTCDataChannel.
 */
export function encodeDataFrame(
  data: string | ArrayBuffer | ArrayBufferView,
  allocate?: Allocate,
): Uint8Array {
  if (typeof data === 'string') return frame(DataEncoding.String, utf8.encode(data), allocate);
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  return frame(DataEncoding.ArrayBuffer, bytes, allocate);
}

/** The data-frame for the bytes of a Blob (encoding-id 0). */
export function encodeBlobFrame(bytes: Uint8Array, allocate?: Allocate): Uint8Array {
  return frame(DataEncoding.Blob, bytes, allocate);
}

/** Where a frame of `length` bytes is built (protocol/data-frame.ts). */
type Allocate = (length: number) => Uint8Array;

/**
 * `MessageEvent.data` for a received data-frame: text for encoding-id 1; otherwise binary, as `binaryType`
 * asks, whatever the sender's type was (WebRTC §6.2: only text versus binary survives the wire).
 */
export function messageData(
  frame: Extract<OspMessage, { type: 'data-frame' }>,
  binaryType: BinaryType,
): string | Blob | ArrayBuffer {
  const { payload, encodingId } = frame;
  if (encodingId === DataEncoding.String) return utf8Decoder.decode(payload);
  // Decoded payloads always sit on an ArrayBuffer (the decoder allocates them); DOM's Blob types insist on it.
  if (binaryType === 'blob') return new Blob([payload as Uint8Array<ArrayBuffer>]);
  // The decoder's copy may be a Node Buffer in a shared pool (small ones are): hand out its buffer only when
  // the payload fills it, else copy (Buffer#slice would not copy).
  const { buffer } = payload;
  if (buffer instanceof ArrayBuffer && payload.byteOffset === 0 && payload.byteLength === buffer.byteLength) {
    return buffer;
  }
  return new Uint8Array(payload).buffer;
}
