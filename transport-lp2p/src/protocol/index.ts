/**
 * OSP message codecs: the messages of osp-network (authentication), osp-application (agent info and status) and
 * the LP2P extension (data channels), as type key + CBOR frames (osp-network §messages).
 */
export {
  MessageDecodeError,
  type MessageDecodeErrorCode,
  MessageEncodeError,
} from '../errors/index.ts';
export { decodeMessage, encodeMessage } from './codec.ts';
export {
  AgentCapability,
  AuthStatusResult,
  DataEncoding,
  MessageType,
  PskInputMethod,
  PskStatus,
  ResultCode,
  type ValueOf,
} from './constants.ts';
export { encodeDataFrame } from './data-frame.ts';
export { type DecodeLimits, defaultDecodeLimits } from './decode-limits.ts';
export { type FrameGate, MessageReader, readMessages } from './message-reader.ts';
export { messageSchemas } from './message-schemas.ts';
export type { AgentInfo, OspMessage, OspMessageName } from './messages.ts';
export type { EnumSchema, FieldSchema, FieldType, MessageSchema } from './schema.ts';
export { unfilledBytes } from './unfilled-bytes.ts';
export { utf8Length } from './utf8-length.ts';
export { encodeVarint, MAX_VARINT, readVarint, varintLength, writeVarint } from './varint.ts';
