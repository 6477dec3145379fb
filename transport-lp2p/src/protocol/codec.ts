import { MessageDecodeError, MessageEncodeError } from '../errors/index.ts';
import { decodeCborItem, encodeCborAfter } from './cbor.ts';
import { MessageType } from './constants.ts';
import { type DecodeLimits, resolveLimits } from './decode-limits.ts';
import { schemaByName, schemaByTypeKey } from './message-schemas.ts';
import type { OspMessage } from './messages.ts';
import type { MessageSchema } from './schema.ts';
import { fromCborMap, SchemaViolation, toCborMap } from './schema-codec.ts';
import { readVarint, type VarintRead, varintLength, writeVarint } from './varint.ts';

/**
 * Encodes one message as a frame: its type key as a QUIC varint, then its CBOR body (osp-network §messages).
 * Frames are concatenated on a stream as they are.
 * @throws MessageEncodeError if `message` does not fit its schema.
 * @example
 * stream.write(encodeMessage({ type: 'agent-info-request', requestId: 1 }));
 */
export function encodeMessage(message: OspMessage): Uint8Array {
  const schema = schemaByName.get(message.type);
  if (schema === undefined) throw new MessageEncodeError(`unknown message type ${String(message.type)}`);
  let body: Map<number, unknown>;
  try {
    body = toCborMap(schema.fields, message, message.type);
  } catch (error) {
    if (error instanceof SchemaViolation) throw new MessageEncodeError(error.message);
    throw error;
  }
  // Only data-frame carries payloads big enough for a copy to matter.
  const large = message.type === 'data-frame' && message.payload.length > 4096;
  const frame = encodeCborAfter(body, varintLength(schema.typeKey), large);
  writeVarint(frame, 0, schema.typeKey);
  return frame;
}

/**
 * Decodes exactly one whole frame (type key + CBOR body), as `encodeMessage` makes. Byte fields of the result
 * are fresh copies that never alias `frame`.
 * @throws MessageDecodeError — the only error remote input can cause.
 * @example
 * const message = decodeMessage(frame, { maxDataFrameBytes: 1 << 20 });
 */
export function decodeMessage(frame: Uint8Array, limits?: Partial<DecodeLimits>): OspMessage {
  return decodeFrame(frame, resolveLimits(limits));
}

/** `decodeMessage` with limits already resolved (the stream reader's path). */
export function decodeFrame(frame: Uint8Array, resolved: Readonly<DecodeLimits>): OspMessage {
  const typeKey = readVarint(frame);
  if (typeKey === undefined) throw new MessageDecodeError('truncated', 'the frame ends inside its type key');
  const schema = lookupSchema(typeKey);
  const maxBytes = frameLimit(schema, resolved);
  if (frame.length > maxBytes) {
    throw new MessageDecodeError(
      'frame-too-large',
      `${schema.type} frame of ${frame.length} bytes exceeds ${maxBytes}`,
    );
  }
  const body = decodeCborItem(frame, typeKey.length, { ...resolved, end: maxBytes });
  try {
    return { type: schema.type, ...fromCborMap(schema.fields, body, schema.type) } as OspMessage;
  } catch (error) {
    if (error instanceof SchemaViolation) throw new MessageDecodeError('invalid-message', error.message);
    throw error;
  }
}

/** The schema for a received type key. */
export function lookupSchema(typeKey: VarintRead): MessageSchema {
  const schema = schemaByTypeKey.get(typeKey.value);
  if (schema !== undefined) return schema;
  // osp-network §messages: unknown keys close the connection with error 404, naming the key in the reason.
  const key = typeKey.exact ?? typeKey.value;
  throw new MessageDecodeError('unknown-type-key', `unknown message type key ${key}`, { typeKey: key });
}

/** Largest frame allowed for messages of `schema`. */
export function frameLimit(schema: MessageSchema, limits: Readonly<DecodeLimits>): number {
  return schema.typeKey === MessageType.DataFrame ? limits.maxDataFrameBytes : limits.maxFrameBytes;
}
