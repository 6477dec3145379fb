import { BridgeError } from '../errors/index.ts';

/**
 * Payload chunks on the bridge as binary frames: a 6-byte header (kind, flags, the channel's or stream's id as a
 * big-endian uint32), then the bytes. They carry nearly every byte of a transfer, so they skip CBOR: one copy to
 * build (header and payload in one buffer), none to read (the payload is a view of the WebSocket message). A CBOR
 * map, every other bridge message, starts with a byte of 0xa0–0xbf, so the first byte tells them apart.
 */
const HEADER_BYTES = 6;
const CHANNEL = 0x01;
const STREAM = 0x02;
const TEXT = 0x01;
const MORE = 0x02;
const FIN = 0x04;
/** Largest payload of one frame; `bridge-protocol.ts` re-exports it as `CHUNK_BYTES`. */
export const DATA_CHUNK_BYTES = 256 * 1024;

/** The data messages (the same shapes as in the protocol's schemas). */
export type DataMessage =
  | {
      readonly t: 'ch.send' | 'ch.message';
      readonly ch: number;
      readonly d: Uint8Array;
      readonly text: boolean;
      readonly more: boolean;
    }
  | { readonly t: 'st.data'; readonly st: number; readonly d: Uint8Array; readonly fin: boolean };

/** Whether a bridge frame is a binary data frame rather than a CBOR map. */
export function isDataFrame(frame: Uint8Array): boolean {
  return frame[0] === CHANNEL || frame[0] === STREAM;
}

/** The binary frame for a data message; undefined for any other message (CBOR's). */
export function encodeDataFrame(message: { readonly t: string }): Uint8Array | undefined {
  const data = message as DataMessage;
  let kind: number;
  let flags: number;
  let id: number;
  if (data.t === 'ch.send' || data.t === 'ch.message') {
    kind = CHANNEL;
    flags = (data.text ? TEXT : 0) | (data.more ? MORE : 0);
    id = data.ch;
  } else if (data.t === 'st.data') {
    kind = STREAM;
    flags = data.fin ? FIN : 0;
    id = data.st;
  } else return undefined;
  if (!Number.isInteger(id) || id < 0 || id > 0xffff_ffff) throw new RangeError(`id ${id} out of range`);
  const frame = new Uint8Array(HEADER_BYTES + data.d.byteLength);
  frame[0] = kind;
  frame[1] = flags;
  new DataView(frame.buffer).setUint32(2, id);
  frame.set(data.d, HEADER_BYTES);
  return frame;
}

/**
 * Reads a binary data frame; `from` says who sent it (a channel chunk is `ch.send` from a page, `ch.message` from
 * an agent).
 * @throws BridgeError 'malformed-frame' for a short header, unknown flags or a payload over the chunk size.
 */
export function decodeDataFrame(frame: Uint8Array, from: 'page' | 'agent'): DataMessage {
  if (frame.byteLength < HEADER_BYTES)
    throw new BridgeError('malformed-frame', 'a data frame is shorter than its header');
  const kind = frame[0];
  const flags = frame[1] as number;
  const id = new DataView(frame.buffer, frame.byteOffset, HEADER_BYTES).getUint32(2);
  const d = frame.subarray(HEADER_BYTES);
  if (d.byteLength > DATA_CHUNK_BYTES) {
    throw new BridgeError('malformed-frame', `a data frame carries more than ${DATA_CHUNK_BYTES} bytes`);
  }
  if (kind === CHANNEL) {
    if (flags & ~(TEXT | MORE))
      throw new BridgeError('malformed-frame', `unknown channel data flags ${flags}`);
    const t = from === 'page' ? 'ch.send' : 'ch.message';
    return { t, ch: id, d, text: (flags & TEXT) !== 0, more: (flags & MORE) !== 0 };
  }
  if (flags & ~FIN) throw new BridgeError('malformed-frame', `unknown stream data flags ${flags}`);
  return { t: 'st.data', st: id, d, fin: (flags & FIN) !== 0 };
}
