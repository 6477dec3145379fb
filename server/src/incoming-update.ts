import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { ServerError } from './errors.ts';

/** Hocuspocus message types (`MessageType` of @hocuspocus/server) and y-protocols sync steps read here. */
const SYNC = 0;
const SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** A client sent an update that does not decode; the connection is closed and nothing is applied. */
export class MalformedUpdateError extends ServerError {
  readonly reason = 'malformed-update';

  constructor(message: string, options?: ErrorOptions) {
    super('malformed-update', message, options);
  }
}

/**
 * The Yjs update a Hocuspocus frame (`documentName, type, …`) carries, when it is a sync step 2 or an update,
 * checked to decode completely (structs and delete set) so that a malformed one is refused before Yjs applies
 * any part of it. Other frames give `undefined`; a frame that is cut short or malformed throws
 * `MalformedUpdateError`.
 */
export function readIncomingUpdate(frame: Uint8Array): Uint8Array | undefined {
  let update: Uint8Array;
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== SYNC && type !== SYNC_REPLY) return undefined;
    const step = decoding.readVarUint(decoder);
    if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return undefined;
    update = decoding.readVarUint8Array(decoder);
  } catch (error) {
    throw new MalformedUpdateError(`frame cut short: ${(error as Error).message}`, { cause: error });
  }
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    throw new MalformedUpdateError(`update does not decode: ${(error as Error).message}`, { cause: error });
  }
  return update;
}

/** Whether `update` is the empty update (no structs, no deletions) that a sync step 2 with nothing new carries. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
