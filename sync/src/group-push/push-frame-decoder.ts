import * as decoding from 'lib0/decoding';
import { PushProtocolError } from '../errors/group-push-error.ts';
import { FrameType, type PushFrame, type TransferId } from './push-frames.ts';
import {
  MAX_GROUP_BYTES,
  MAX_PEER_ID_BYTES,
  MAX_PIECE_BYTES,
  maxFrameBytes,
  type PushLimits,
} from './push-limits.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one push frame. Every length and count is checked against `limits` before anything is sliced or
 * allocated; anything malformed, truncated, oversized or with trailing bytes throws {@link PushProtocolError}.
 * Byte fields (`manifest`, `bits`, `bytes`) are views into `message`.
 */
export function decodeFrame(message: Uint8Array, limits: PushLimits): PushFrame {
  if (message.length > maxFrameBytes(limits)) {
    throw new PushProtocolError('frame-too-large', `push frame of ${message.length} bytes is over the limit`);
  }
  const d = decoding.createDecoder(message);
  try {
    const frame = decodeBody(d, limits);
    if (decoding.hasContent(d)) throw malformed('trailing bytes');
    return frame;
  } catch (error) {
    if (error instanceof PushProtocolError) throw error;
    throw malformed((error as Error).message ?? 'undecodable', error);
  }
}

function decodeBody(d: decoding.Decoder, limits: PushLimits): PushFrame {
  const type = readUint(d, 0xff);
  const id = readBytes(d, 32);
  switch (type) {
    case FrameType.offer: {
      const manifest = readBytes(d, readUint(d, limits.maxManifestBytes, 'manifest'));
      const group = readString(d, MAX_GROUP_BYTES);
      const members = readIds(d, limits.maxMembers);
      return { type: 'offer', id, manifest, group, members };
    }
    case FrameType.accept:
      return { type: 'accept', id, neighbours: readIds(d, limits.maxMembers) };
    case FrameType.decline:
      return { type: 'decline', id, reason: readUint(d, 0xff) };
    case FrameType.cancel:
      return { type: 'cancel', id, reason: readUint(d, 0xff) };
    case FrameType.haveAll:
      return {
        type: 'have-all',
        id,
        bits: readBytes(d, readUint(d, Math.ceil(limits.maxChunks / 8), 'bitfield')),
      };
    case FrameType.have:
      return { type: 'have', id, index: readIndex(d, limits) };
    case FrameType.noChunk:
      return { type: 'no-chunk', id, index: readIndex(d, limits) };
    case FrameType.request: {
      const index = readIndex(d, limits);
      return { type: 'request', id, index, direct: readUint(d, 1) === 1 };
    }
    case FrameType.piece: {
      const index = readIndex(d, limits);
      const offset = readUint(d, 2 ** 32);
      const rest = d.arr.length - d.pos;
      if (rest === 0 || rest > MAX_PIECE_BYTES) throw malformed(`piece of ${rest} bytes`);
      return { type: 'piece', id, index, offset, bytes: readBytes(d, rest) };
    }
    case FrameType.redirect: {
      const index = readIndex(d, limits);
      return { type: 'redirect', id, index, holder: readString(d, MAX_PEER_ID_BYTES) };
    }
    case FrameType.done:
      return { type: 'done', id };
    case FrameType.end:
      return { type: 'end', id };
    default:
      throw malformed(`unknown frame type ${type}`);
  }
}

function malformed(what: string, cause?: unknown): PushProtocolError {
  return new PushProtocolError('malformed-frame', `malformed push frame: ${what}`, { cause });
}

/** A varUint no larger than `max` (lib0's reader alone lets a few bits past 2^53 through). */
function readUint(d: decoding.Decoder, max: number, what = 'integer'): number {
  const value = decoding.readVarUint(d);
  if (!Number.isSafeInteger(value) || value > max) throw malformed(`${what} ${value} over ${max}`);
  return value;
}

function readIndex(d: decoding.Decoder, limits: PushLimits): number {
  return readUint(d, limits.maxChunks - 1, 'chunk index');
}

function readBytes(d: decoding.Decoder, length: number): TransferId {
  if (d.arr.length - d.pos < length) throw malformed('truncated');
  return decoding.readUint8Array(d, length);
}

function readString(d: decoding.Decoder, maxBytes: number): string {
  return utf8.decode(readBytes(d, readUint(d, maxBytes, 'string length')));
}

function readIds(d: decoding.Decoder, maxCount: number): string[] {
  const count = readUint(d, maxCount, 'peer count');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(readString(d, MAX_PEER_ID_BYTES));
  return ids;
}
