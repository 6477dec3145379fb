import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import { BoundedReader } from '../protocol/bounded-reader.ts';

/** Bounds on presence a peer may push into a document's awareness. */
export interface AwarenessLimits {
  /** Entries in one awareness message. */
  readonly maxEntriesPerMessage: number;
  /** Present clients (with a state) a document's awareness may hold at once. */
  readonly maxClients: number;
  /** One client's JSON state, in UTF-8 bytes. */
  readonly maxStateBytes: number;
}

export const defaultAwarenessLimits: AwarenessLimits = {
  maxEntriesPerMessage: 256,
  maxClients: 1024,
  maxStateBytes: 64 * 1024,
};

/**
 * Parses a y-protocols awareness update (`varUint n, n × (varUint client, varUint clock, varString JSON)`) with
 * limits, before `applyAwarenessUpdate` (which would throw plain errors or grow without bound) sees it.
 * `present` are the clients that have a state now.
 */
export function checkAwarenessUpdate(
  update: Uint8Array,
  present: ReadonlyMap<number, unknown>,
  limits: AwarenessLimits,
): void {
  const reader = new BoundedReader(update);
  const count = reader.readVarUint();
  if (count > limits.maxEntriesPerMessage) {
    throw new SyncProtocolError('too-many-awareness-clients', `${count} awareness entries in one message`);
  }
  let fresh = 0;
  for (let i = 0; i < count; i++) {
    const client = reader.readVarUint();
    reader.readVarUint();
    const json = reader.readVarString(limits.maxStateBytes, 'awareness state');
    try {
      JSON.parse(json);
    } catch (cause) {
      throw new SyncProtocolError('invalid-awareness', 'an awareness state is not JSON', { cause });
    }
    if (!present.has(client)) fresh++;
  }
  if (present.size + fresh > limits.maxClients) {
    throw new SyncProtocolError(
      'too-many-awareness-clients',
      `more than ${limits.maxClients} awareness clients`,
    );
  }
}
