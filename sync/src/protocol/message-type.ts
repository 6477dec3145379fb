/**
 * Numeric keys of the Hocuspocus 4 wire, as `@hocuspocus/server/src/types.ts` (`MessageType`),
 * `@hocuspocus/common/src/auth.ts` (`AuthMessageType`) and `y-protocols/sync.js` define them.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** Same payload as `Sync`; a step 1 inside it asks for no step 1 back (server-to-server in Hocuspocus). */
  SyncReply: 4,
  Stateless: 5,
  /** Server-internal in Hocuspocus (Redis fan-out); a server refuses it from a client. */
  BroadcastStateless: 6,
  Close: 7,
  SyncStatus: 8,
  /** Connection level: the whole message is this one byte, with no document name. */
  Ping: 9,
  Pong: 10,
} as const;

/** y-protocols sync sub-types (`messageYjsSyncStep1` …). */
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** `@hocuspocus/common` `AuthMessageType`. */
export const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;

/** The scope strings of `Authenticated` (`@hocuspocus/provider` `AuthorizedScope`). */
export type AuthorizedScope = 'read-write' | 'readonly';
