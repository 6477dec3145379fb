import { SyncError } from './sync-error.ts';

/** Codes of {@link GatewayError}. */
export type GatewayErrorCode =
  /** A server confirmation from a peer is malformed or over its limits; it is ignored. */
  | 'invalid-confirmation'
  /** The gateway's options are unusable (no WebSocket factory on this platform, a bad URL). */
  | 'invalid-options';

/** Errors of the server gateway and the confirmation relay (`sync/src/gateway/`). */
export class GatewayError extends SyncError {
  declare readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
