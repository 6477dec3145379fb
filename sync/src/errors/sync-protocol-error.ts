import { SyncError } from './sync-error.ts';

/** Why a message from the wire was rejected. Each closes the channel it came from. */
export type SyncProtocolErrorCode =
  | 'message-too-large'
  | 'truncated'
  | 'varint-too-large'
  | 'name-too-long'
  | 'invalid-utf8'
  | 'unknown-message-type'
  | 'not-binary'
  | 'invalid-update'
  | 'missing-structures'
  | 'invalid-awareness'
  | 'too-many-awareness-clients'
  | 'inbox-overflow';

/** A peer sent something that is not a well-formed, acceptable Hocuspocus/y-protocols message. */
export class SyncProtocolError extends SyncError {
  declare readonly code: SyncProtocolErrorCode;

  constructor(code: SyncProtocolErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
