/**
 * The share relay between a page and its agent (`offgrid up`): JSON text frames on the page's sync socket, beside
 * the binary Hocuspocus frames and the agent status (docs/framework.md §Share from a page). Every frame is
 * `{"t":"offgrid/share","v":1,"op":…}`, at most {@link MAX_RELAY_FRAME} characters; a request carries a numeric
 * `id` the agent's `reply` (or `started`, `data`) repeats. File bytes travel base64 in `data` frames of at most
 * {@link MAX_RELAY_PART} bytes.
 */
import type { IncomingShare, ShareSnapshot } from './share-types.ts';

export const SHARE_RELAY_TYPE = 'offgrid/share';
/** Characters in one frame, checked before parsing. */
export const MAX_RELAY_FRAME = 512 * 1024;
/** Bytes of a file carried by one `data` frame (base64: 4/3 of this in characters). */
export const MAX_RELAY_PART = 192 * 1024;
/** Peers named in one share, and peers listed in one `state`. */
export const MAX_RELAY_PEERS = 256;

/** A nearby agent granted the app: its fingerprint (the peer id shares use) and its name. */
export interface RelayPeer {
  readonly id: string;
  readonly name: string;
}

/** Page → agent. */
export type PageRequest =
  | { readonly op: 'subscribe' }
  | {
      readonly op: 'share-document';
      readonly id: number;
      readonly name: string;
      readonly to: string[];
      /** The page's state vector of the document (base64): the agent shares once its replica holds as much. */
      readonly sv?: string;
    }
  | {
      readonly op: 'file-start';
      readonly id: number;
      readonly name: string;
      readonly type: string;
      readonly size: number;
      readonly to: string[];
    }
  | { readonly op: 'data'; readonly id: number; readonly data: string }
  | { readonly op: 'accept'; readonly id: number; readonly transferId: string; readonly as?: string }
  | { readonly op: 'decline' | 'cancel' | 'fetch'; readonly id: number; readonly transferId: string };

/** How a request ended: `ok` with a result (a `ShareResult`, `{ answered }`, `{ size }`), or a typed error. */
export type RelayReply =
  | { readonly op: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | {
      readonly op: 'reply';
      readonly id: number;
      readonly ok: false;
      readonly code: string;
      readonly message: string;
    };

/** Agent → page. */
export type AgentMessage =
  | {
      readonly op: 'state';
      /** The agents the share is linked to now. */
      readonly peers: RelayPeer[];
      readonly snapshot: ShareSnapshot;
      /** The paired agents granted the app, linked or not (absent from agents that do not tell). */
      readonly paired?: RelayPeer[];
    }
  | { readonly op: 'started'; readonly id: number; readonly outgoing: number }
  | { readonly op: 'offer'; readonly offer: IncomingShare }
  | { readonly op: 'imported'; readonly imported: Record<string, unknown> }
  | {
      readonly op: 'importfailed';
      readonly offer: IncomingShare;
      readonly code: string;
      readonly message: string;
    }
  | { readonly op: 'data'; readonly id: number; readonly data: string }
  | RelayReply;

export type ShareRelayErrorCode = 'malformed' | 'too-large' | 'unknown-op';

/** A relay frame that is not one (too large, not JSON, wrong fields). */
export class ShareRelayError extends Error {
  readonly code: ShareRelayErrorCode;

  constructor(code: ShareRelayErrorCode, message: string) {
    super(message);
    this.name = 'ShareRelayError';
    this.code = code;
  }
}

export function encodeRelay(message: PageRequest | AgentMessage): string {
  return JSON.stringify({ t: SHARE_RELAY_TYPE, v: 1, ...message });
}

/** Whether a text frame is a relay frame at all (the agent status is another kind). */
export function isRelayFrame(text: string): boolean {
  return text.startsWith(`{"t":"${SHARE_RELAY_TYPE}"`);
}

function parse(text: string): Record<string, unknown> {
  if (text.length > MAX_RELAY_FRAME) throw new ShareRelayError('too-large', 'share relay frame too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ShareRelayError('malformed', 'share relay frame is not JSON');
  }
  const fields = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || fields.t !== SHARE_RELAY_TYPE || fields.v !== 1)
    throw new ShareRelayError('malformed', 'not a share relay frame (v1)');
  return fields;
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isPeers = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= MAX_RELAY_PEERS && v.every((p) => isText(p, 128));

/** Decodes a page's frame on the agent; throws {@link ShareRelayError}. */
export function decodePageRequest(text: string): PageRequest {
  const f = parse(text);
  const bad = (what: string) => new ShareRelayError('malformed', `share relay ${String(f.op)}: bad ${what}`);
  if (f.op === 'subscribe') return { op: 'subscribe' };
  if (!isId(f.id)) throw bad('id');
  const id = f.id;
  switch (f.op) {
    case 'share-document':
      if (!isText(f.name, 1024) || !isPeers(f.to) || (f.sv !== undefined && !isText(f.sv, 1 << 20)))
        throw bad('name, to or sv');
      return {
        op: 'share-document',
        id,
        name: f.name,
        to: f.to,
        ...(f.sv !== undefined && { sv: f.sv as string }),
      };
    case 'file-start':
      if (!isText(f.name, 255) || !isText(f.type, 127) || !isPeers(f.to) || !isId(f.size))
        throw bad('name, type, size or to');
      return { op: 'file-start', id, name: f.name, type: f.type, size: f.size, to: f.to };
    case 'data':
      if (!isText(f.data, Math.ceil(MAX_RELAY_PART / 3) * 4)) throw bad('data');
      return { op: 'data', id, data: f.data };
    case 'accept':
      if (!isText(f.transferId, 64) || (f.as !== undefined && !isText(f.as, 1024)))
        throw bad('transferId or as');
      return {
        op: 'accept',
        id,
        transferId: f.transferId,
        ...(f.as !== undefined && { as: f.as as string }),
      };
    case 'decline':
    case 'cancel':
    case 'fetch':
      if (!isText(f.transferId, 64)) throw bad('transferId');
      return { op: f.op, id, transferId: f.transferId };
    default:
      throw new ShareRelayError('unknown-op', `unknown share relay op ${String(f.op).slice(0, 40)}`);
  }
}

/**
 * Decodes the agent's frame on the page. The agent is the page's own (same device, token-checked socket); its
 * fields are checked for shape, not re-validated one by one.
 */
export function decodeAgentMessage(text: string): AgentMessage {
  const f = parse(text);
  const ops = ['state', 'started', 'offer', 'imported', 'importfailed', 'data', 'reply'];
  if (typeof f.op !== 'string' || !ops.includes(f.op))
    throw new ShareRelayError('unknown-op', `unknown share relay op ${String(f.op).slice(0, 40)}`);
  if (['started', 'data', 'reply'].includes(f.op) && !isId(f.id))
    throw new ShareRelayError('malformed', 'share relay frame without id');
  if (f.op === 'data' && typeof f.data !== 'string')
    throw new ShareRelayError('malformed', 'data without bytes');
  if (f.op === 'state' && (!Array.isArray(f.peers) || typeof f.snapshot !== 'object' || f.snapshot === null))
    throw new ShareRelayError('malformed', 'state without peers or snapshot');
  if (f.op === 'state' && f.paired !== undefined && !Array.isArray(f.paired))
    throw new ShareRelayError('malformed', 'state with paired that is not a list');
  return f as unknown as AgentMessage;
}

/** Bytes → base64 (portable: `btoa` is in browsers and Node). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 → bytes; throws {@link ShareRelayError} on anything `atob` refuses. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new ShareRelayError('malformed', 'data is not base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
