import * as decoding from 'lib0/decoding';

/** Hocuspocus message types (`MessageType` of @hocuspocus/server). */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, SyncStatus: 8, Close: 7 } as const;

/** The message type of a server frame (after its document name), or -1 for a connection-level ping. */
export function frameType(frame: Uint8Array): number {
  if (frame.length === 1) return -1;
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder);
}

/** Whether a server frame is a permission-denied message (Auth, then `PermissionDenied` = 1). */
export function isPermissionDenied(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder) === MessageType.Auth && decoding.readVarUint(decoder) === 1;
}
