import type { AuthorizedScope } from './message-type.ts';

/**
 * One message of the Hocuspocus 4 wire, decoded. `address` is the first varString of every message: the document
 * name, or `name\0sessionId` for session-aware Hocuspocus providers (see {@link parseAddress}).
 */
export type SyncMessage =
  | {
      readonly kind: 'sync-step1';
      readonly address: string;
      readonly stateVector: Uint8Array;
      readonly reply: boolean;
    }
  | {
      readonly kind: 'sync-step2';
      readonly address: string;
      readonly update: Uint8Array;
      readonly reply: boolean;
    }
  | {
      readonly kind: 'update';
      readonly address: string;
      readonly update: Uint8Array;
      readonly reply: boolean;
    }
  | { readonly kind: 'awareness'; readonly address: string; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness'; readonly address: string }
  /** Client → server: the token (and, from provider 4.x, its version). */
  | {
      readonly kind: 'auth-token';
      readonly address: string;
      readonly token: string;
      readonly version?: string;
    }
  /** Server → client: "send your token again" (`writeTokenSyncRequest`). */
  | { readonly kind: 'auth-token-request'; readonly address: string }
  | { readonly kind: 'auth-denied'; readonly address: string; readonly reason: string }
  | { readonly kind: 'auth-ok'; readonly address: string; readonly scope: AuthorizedScope | string }
  | { readonly kind: 'stateless'; readonly address: string; readonly payload: string }
  | { readonly kind: 'broadcast-stateless'; readonly address: string; readonly payload: string }
  /** The provider sends no reason; the server sends one. */
  | { readonly kind: 'close'; readonly address: string; readonly reason?: string }
  | { readonly kind: 'sync-status'; readonly address: string; readonly applied: boolean }
  | { readonly kind: 'ping' }
  | { readonly kind: 'pong' };

export type SyncMessageKind = SyncMessage['kind'];

/** Splits a Hocuspocus routing key (`@hocuspocus/common` `parseRoutingKey`): `name` or `name\0sessionId`. */
export function parseAddress(address: string): { name: string; sessionId: string | null } {
  const at = address.indexOf('\0');
  return at === -1
    ? { name: address, sessionId: null }
    : { name: address.slice(0, at), sessionId: address.slice(at + 1) };
}
