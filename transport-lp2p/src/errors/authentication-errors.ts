import { OffgridError } from './offgrid-error.ts';

export type AuthenticationErrorCode =
  | 'proof-invalid'
  | 'bad-initiation-token'
  | 'protocol-violation'
  | 'timeout'
  | 'cancelled'
  | 'peer-failed'
  | 'connection-closed'
  /** Refused before any PSK: another attempt is running, or pairing is locked after repeated failures. */
  | 'throttled'
  /** This side verified the peer but could not record it (a full disk, a read-only state directory). */
  | 'trust-not-saved'
  /**
   * Only the agent that dialled a connection starts pairing on it: were both sides to start at once, neither could
   * tell the other's opening auth-capabilities from a reply to its own.
   */
  | 'not-dialler';

/**
 * Pairing did not authenticate the peer. `code` says why; for `proof-invalid` both sides computed different
 * keys (a wrong PSK, or a man in the middle), and nothing was stored.
 */
export class AuthenticationError extends OffgridError {
  declare readonly code: AuthenticationErrorCode;

  constructor(code: AuthenticationErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
