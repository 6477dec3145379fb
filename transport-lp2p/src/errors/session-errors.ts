import { OffgridError } from './offgrid-error.ts';

/** Machine-readable reasons a session fails to open or breaks. */
export type SessionErrorCode =
  | 'fingerprint-mismatch'
  | 'handshake-failed'
  | 'timeout'
  | 'aborted'
  | 'closed'
  | 'protocol-violation'
  | 'invalid-argument'
  | 'unsupported'
  | 'stream-limit';

/**
 * A session transport failure. `code` tells callers what happened without parsing messages; the underlying
 * library error, if any, is the `cause`.
 */
export class SessionError extends OffgridError {
  declare readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
