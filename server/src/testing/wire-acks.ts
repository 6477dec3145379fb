import * as decoding from 'lib0/decoding';
import type { WireLog } from './provider-client.ts';

/** Hocuspocus message types (`@hocuspocus/server` MessageType) and y-protocols sync steps this module reads. */
const SYNC = 0;
const SYNC_STATUS = 8;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** The Yjs update a client frame carries (a sync step 2 or an update), or `undefined` for any other frame. */
export function updateInFrame(frame: Uint8Array): Uint8Array | undefined {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder);
  if (decoding.readVarUint(decoder) !== SYNC) return undefined;
  const step = decoding.readVarUint(decoder);
  return step === SYNC_STEP_2 || step === SYNC_UPDATE ? decoding.readVarUint8Array(decoder) : undefined;
}

/** How many `sync-status: applied` acknowledgements a server frame list holds. */
export function countAcks(frames: readonly Uint8Array[]): number {
  let acks = 0;
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (frame.length === 1) continue; // a connection-level ping
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) === SYNC_STATUS && decoding.readVarInt(decoder) === 1) acks++;
  }
  return acks;
}

/**
 * The updates the server acknowledged on each socket: Hocuspocus handles a connection's messages in order and
 * answers every update-carrying one (sync step 2 or update) with one sync-status, so the first `acks` of them.
 */
export function acknowledgedUpdates(logs: readonly WireLog[]): Uint8Array[] {
  const acked: Uint8Array[] = [];
  for (const log of logs) {
    const updates = log.sent.map(updateInFrame).filter((u): u is Uint8Array => u !== undefined);
    const acks = countAcks(log.received);
    if (acks > updates.length) throw new Error(`${acks} acks for ${updates.length} updates`);
    acked.push(...updates.slice(0, acks));
  }
  return acked;
}
