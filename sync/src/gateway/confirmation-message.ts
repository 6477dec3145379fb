import { fromBase64, toBase64 } from 'lib0/buffer';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { GatewayError } from '../errors/gateway-error.ts';

/**
 * The reserved `type` of the Hocuspocus stateless message that carries a server confirmation between peers
 * (docs/sync-protocol.md, "Server confirmations"). Unmodified Hocuspocus clients hand stateless payloads to the
 * application, which ignores types it does not know.
 */
export const serverConfirmedType = 'offgrid/server-confirmed';

/** Bounds checked before anything is allocated. */
const maxPayloadChars = 256 * 1024;
const maxClients = 10_000;

/** What the server is known to hold of a document: its state vector, as confirmed at `at` (ms since the epoch). */
export interface ServerConfirmation {
  readonly stateVector: ReadonlyMap<number, number>;
  readonly at: number;
}

/** The stateless payload: `{"type":"offgrid/server-confirmed","v":1,"sv":"<base64 Yjs state vector>","at":ms}`. */
export function encodeConfirmation(confirmation: ServerConfirmation): string {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, confirmation.stateVector.size);
  for (const [client, clock] of confirmation.stateVector) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  const sv = toBase64(encoding.toUint8Array(encoder));
  return JSON.stringify({ type: serverConfirmedType, v: 1, sv, at: confirmation.at });
}

/**
 * The confirmation in a stateless payload; `null` when the payload is some other stateless message. Throws a
 * {@link GatewayError} `invalid-confirmation` when it claims to be one but is malformed or too large.
 */
export function decodeConfirmation(payload: string): ServerConfirmation | null {
  if (!payload.includes(serverConfirmedType)) return null;
  if (payload.length > maxPayloadChars) throw invalid('the confirmation is too large');
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { type, v, sv, at } = json as Record<string, unknown>;
  if (type !== serverConfirmedType) return null;
  if (v !== 1 || typeof sv !== 'string' || typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0)
    throw invalid('the confirmation lacks v 1, sv or at');
  return { stateVector: decodeVector(sv), at };
}

function decodeVector(base64: string): Map<number, number> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(base64);
  } catch (cause) {
    throw invalid('sv is not base64', cause);
  }
  const decoder = decoding.createDecoder(bytes);
  const vector = new Map<number, number>();
  try {
    const count = decoding.readVarUint(decoder);
    if (count > maxClients || count * 2 > bytes.length) throw invalid('sv lists too many clients');
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock)) throw invalid('sv has a bad number');
      vector.set(client, clock);
    }
  } catch (cause) {
    if (cause instanceof GatewayError) throw cause;
    throw invalid('sv is truncated', cause);
  }
  return vector;
}

function invalid(message: string, cause?: unknown): GatewayError {
  return new GatewayError('invalid-confirmation', message, { cause });
}
