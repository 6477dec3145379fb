import * as encoding from 'lib0/encoding';

/**
 * Frames of the group-push protocol (docs/group-push.md): a varUint type, the 32-byte transfer id, then the
 * fields below, each a lib0 varUint, varString or raw bytes. One frame is one channel message.
 */
export const FrameType = {
  offer: 1,
  accept: 2,
  decline: 3,
  haveAll: 4,
  have: 5,
  request: 6,
  piece: 7,
  noChunk: 8,
  redirect: 9,
  done: 10,
  cancel: 11,
  end: 12,
} as const;

/** Why a receiver declines an offer (DECLINE reason). */
export const DeclineReason = { declined: 0, tooLarge: 1, badManifest: 2, failed: 3 } as const;
/** Why a side cancels (CANCEL reason). */
export const CancelReason = { aborted: 0, failed: 1 } as const;

export type TransferId = Uint8Array;

export type PushFrame =
  | { type: 'offer'; id: TransferId; manifest: Uint8Array; group: string; members: string[] }
  | { type: 'accept'; id: TransferId; neighbours: string[] }
  | { type: 'decline'; id: TransferId; reason: number }
  | { type: 'have-all'; id: TransferId; bits: Uint8Array }
  | { type: 'have'; id: TransferId; index: number }
  | { type: 'request'; id: TransferId; index: number; direct: boolean }
  | { type: 'piece'; id: TransferId; index: number; offset: number; bytes: Uint8Array }
  | { type: 'no-chunk'; id: TransferId; index: number }
  | { type: 'redirect'; id: TransferId; index: number; holder: string }
  | { type: 'done'; id: TransferId }
  | { type: 'cancel'; id: TransferId; reason: number }
  | { type: 'end'; id: TransferId };

function head(type: number, id: TransferId): encoding.Encoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeUint8Array(encoder, id);
  return encoder;
}

function finish(encoder: encoding.Encoder): Uint8Array<ArrayBuffer> {
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

/** Encodes every frame but `piece` (see {@link encodePiece}, which avoids a second copy of the payload). */
export function encodeFrame(frame: Exclude<PushFrame, { type: 'piece' }>): Uint8Array<ArrayBuffer> {
  switch (frame.type) {
    case 'offer': {
      const e = head(FrameType.offer, frame.id);
      encoding.writeVarUint8Array(e, frame.manifest);
      encoding.writeVarString(e, frame.group);
      encoding.writeVarUint(e, frame.members.length);
      for (const member of frame.members) encoding.writeVarString(e, member);
      return finish(e);
    }
    case 'accept': {
      const e = head(FrameType.accept, frame.id);
      encoding.writeVarUint(e, frame.neighbours.length);
      for (const peer of frame.neighbours) encoding.writeVarString(e, peer);
      return finish(e);
    }
    case 'decline':
    case 'cancel': {
      const e = head(frame.type === 'decline' ? FrameType.decline : FrameType.cancel, frame.id);
      encoding.writeVarUint(e, frame.reason);
      return finish(e);
    }
    case 'have-all': {
      const e = head(FrameType.haveAll, frame.id);
      encoding.writeVarUint8Array(e, frame.bits);
      return finish(e);
    }
    case 'have':
    case 'no-chunk': {
      const e = head(frame.type === 'have' ? FrameType.have : FrameType.noChunk, frame.id);
      encoding.writeVarUint(e, frame.index);
      return finish(e);
    }
    case 'request': {
      const e = head(FrameType.request, frame.id);
      encoding.writeVarUint(e, frame.index);
      encoding.writeVarUint(e, frame.direct ? 1 : 0);
      return finish(e);
    }
    case 'redirect': {
      const e = head(FrameType.redirect, frame.id);
      encoding.writeVarUint(e, frame.index);
      encoding.writeVarString(e, frame.holder);
      return finish(e);
    }
    case 'done':
      return finish(head(FrameType.done, frame.id));
    case 'end':
      return finish(head(FrameType.end, frame.id));
  }
}

/** A PIECE frame: header, then the payload to the end of the message (no length prefix). */
export function encodePiece(
  id: TransferId,
  index: number,
  offset: number,
  bytes: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const e = head(FrameType.piece, id);
  encoding.writeVarUint(e, index);
  encoding.writeVarUint(e, offset);
  const header = encoding.toUint8Array(e);
  const frame = new Uint8Array(header.length + bytes.length);
  frame.set(header, 0);
  frame.set(bytes, header.length);
  return frame;
}
