import { OffgridError } from './offgrid-error.ts';

/** Machine-readable reasons a Local HTTPS exchange with a peer fails. */
export type LocalHttpsErrorCode =
  /** The peer's certificate does not hash to the pinned agent fingerprint. */
  | 'fingerprint-mismatch'
  /** The peer completed TLS but did not agree on ALPN `http/1.1` (e.g. an OSP listener answered). */
  | 'protocol-mismatch'
  /** No address or Local HTTPS port is known for the peer. */
  | 'no-endpoint'
  /** The peer could not be reached, or the connection broke. */
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  /** A request body is larger than the configured cap. */
  | 'body-too-large'
  | 'invalid-argument';

/** A Local HTTPS failure: pinning, reachability or limits. The underlying Node error, if any, is the `cause`. */
export class LocalHttpsError extends OffgridError {
  declare readonly code: LocalHttpsErrorCode;

  constructor(code: LocalHttpsErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
