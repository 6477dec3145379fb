import { decode, encode } from 'cborg';
import { BridgeError } from '../errors/index.ts';
import { DATA_CHUNK_BYTES, decodeDataFrame, encodeDataFrame, isDataFrame } from './data-frame.ts';

/**
 * The bridge protocol between a page's browser module and its agent (docs/security.md §Loopback bridge): one CBOR
 * map per WebSocket message, its `t` naming the message, except for payload chunks (`ch.send`, `ch.message`,
 * `st.data`), which travel as a 6-byte binary header and the bytes themselves (`data-frame.ts`). Object ids are chosen by whoever creates the object: the
 * page numbers its receivers, requests and channels below `AGENT_IDS`, the agent numbers connections and the
 * channels the peer opened from `AGENT_IDS` up. Big data-channel messages travel in chunks of at most
 * `CHUNK_BYTES`, so no bridge frame exceeds `MAX_FRAME_BYTES`.
 */

/** Largest payload of one `send`/`message` chunk. */
export const CHUNK_BYTES = DATA_CHUNK_BYTES;
/** Largest bridge frame: a chunk plus its map, or a label and protocol of 64 KiB each. */
export const MAX_FRAME_BYTES = CHUNK_BYTES + 160 * 1024;
/** Ids the agent assigns start here; the page's stay below. */
export const AGENT_IDS = 2 ** 30;
/** The request header that carries an origin's capability token to the bridge's Local HTTPS proxy (`/peer/…`). */
export const PEER_TOKEN_HEADER = 'x-offgrid-token';
/** The WebSocket path of the bridge. */
export const BRIDGE_PATH = '/lp2p';

/** Messages that travel only as binary data frames (`data-frame.ts`); their schemas give their shapes. */
const BINARY_ONLY = new Set(['ch.send', 'ch.message', 'st.data']);

type Field = 'int' | 'str' | 'bytes' | 'bool';
type Schema = Readonly<Record<string, Field>>;

const pageMessages = {
  hello: { token: 'str' },
  consent: {},
  receiver: { rid: 'int', nickname: 'str' },
  request: { rid: 'int', nickname: 'str' },
  'receiver.stop': { rid: 'int' },
  'ch.open': { conn: 'int', ch: 'int', label: 'str', protocol: 'str', id: 'int' },
  'ch.send': { ch: 'int', d: 'bytes', text: 'bool', more: 'bool' },
  'ch.close': { ch: 'int' },
  'conn.close': { conn: 'int' },
  'wt.open': { wt: 'int', source: 'int', how: 'str' },
  'wt.close': { wt: 'int', code: 'int', reason: 'str' },
  'st.open': { wt: 'int', st: 'int' },
  'st.data': { st: 'int', d: 'bytes', fin: 'bool' },
  'st.credit': { st: 'int', n: 'int' },
  'st.reset': { st: 'int' },
  'dg.send': { wt: 'int', d: 'bytes' },
} as const satisfies Record<string, Schema>;

const agentMessages = {
  welcome: {},
  'consent-needed': {},
  token: { token: 'str' },
  reply: { rid: 'int', conn: 'int', code: 'str', message: 'str' },
  connection: { rid: 'int', conn: 'int' },
  datachannel: { conn: 'int', ch: 'int', label: 'str', protocol: 'str', id: 'int' },
  'ch.opened': { ch: 'int', id: 'int' },
  'ch.message': { ch: 'int', d: 'bytes', text: 'bool', more: 'bool' },
  'ch.ack': { ch: 'int', n: 'int' },
  'ch.closing': { ch: 'int' },
  'ch.closed': { ch: 'int', code: 'str', message: 'str' },
  'conn.closed': { conn: 'int' },
  error: { code: 'str', message: 'str' },
  'wt.ready': { wt: 'int', dg: 'int' },
  'wt.incoming': { wt: 'int', nwt: 'int', dg: 'int' },
  'wt.closed': { wt: 'int', code: 'int', reason: 'str', error: 'str' },
  'st.incoming': { wt: 'int', st: 'int' },
  'st.data': { st: 'int', d: 'bytes', fin: 'bool' },
  'st.credit': { st: 'int', n: 'int' },
  'st.reset': { st: 'int' },
  dg: { wt: 'int', d: 'bytes' },
} as const satisfies Record<string, Schema>;

type FieldValue<F extends Field> = F extends 'int'
  ? number
  : F extends 'str'
    ? string
    : F extends 'bytes'
      ? Uint8Array
      : boolean;
type MessagesOf<M extends Record<string, Schema>> = {
  [T in keyof M]: { readonly t: T } & { readonly [K in keyof M[T]]: FieldValue<M[T][K] & Field> };
}[keyof M];

/** What a page sends its agent. */
export type PageMessage = MessagesOf<typeof pageMessages>;
/** What an agent sends a page. */
export type AgentMessage = MessagesOf<typeof agentMessages>;

/** Encodes a bridge message (one WebSocket binary message). */
export function encodeBridgeMessage(message: PageMessage | AgentMessage): Uint8Array {
  return encodeDataFrame(message) ?? encode(message);
}

/** Decodes what a page sent; throws `BridgeError('malformed-frame')` for anything off its schema. */
export function decodePageMessage(frame: Uint8Array): PageMessage {
  checkSize(frame);
  if (isDataFrame(frame)) return decodeDataFrame(frame, 'page') as PageMessage;
  return decodeWith(frame, pageMessages) as PageMessage;
}

/** Decodes what an agent sent; throws `BridgeError('malformed-frame')` for anything off its schema. */
export function decodeAgentMessage(frame: Uint8Array): AgentMessage {
  checkSize(frame);
  if (isDataFrame(frame)) return decodeDataFrame(frame, 'agent') as AgentMessage;
  return decodeWith(frame, agentMessages) as AgentMessage;
}

function checkSize(frame: Uint8Array): void {
  if (frame.byteLength > MAX_FRAME_BYTES) {
    throw new BridgeError('malformed-frame', `frame of ${frame.byteLength} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
}

function decodeWith(frame: Uint8Array, schemas: Record<string, Schema>): unknown {
  let value: unknown;
  try {
    // Strict: shortest forms, no duplicate keys, no undefined/tags; maps become plain objects (string keys only).
    value = decode(frame, { strict: true, rejectDuplicateMapKeys: true, allowUndefined: false });
  } catch (cause) {
    throw new BridgeError('malformed-frame', 'a bridge frame is not valid CBOR', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new BridgeError('malformed-frame', 'a bridge frame is not a map');
  }
  const record = value as Record<string, unknown>;
  const type = record.t;
  const schema =
    typeof type === 'string' && Object.hasOwn(schemas, type) && !BINARY_ONLY.has(type)
      ? schemas[type]
      : undefined;
  if (schema === undefined)
    throw new BridgeError('malformed-frame', `unknown bridge message ${String(type)}`);
  const keys = Object.keys(record);
  if (keys.length !== Object.keys(schema).length + 1) {
    throw new BridgeError('malformed-frame', `${type} has fields other than its schema's`);
  }
  for (const [key, kind] of Object.entries(schema)) {
    if (!fits(record[key], kind))
      throw new BridgeError('malformed-frame', `${type}.${key} is not a valid ${kind}`);
  }
  return record;
}

function fits(value: unknown, kind: Field): boolean {
  switch (kind) {
    case 'int':
      return Number.isSafeInteger(value) && (value as number) >= -1;
    case 'str':
      return typeof value === 'string' && value.length <= 65_535 * 2;
    case 'bytes':
      return value instanceof Uint8Array && value.byteLength <= CHUNK_BYTES;
    case 'bool':
      return typeof value === 'boolean';
  }
}
