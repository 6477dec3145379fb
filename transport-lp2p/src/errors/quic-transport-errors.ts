import { OffgridError } from './offgrid-error.ts';

/**
 * Why an `LP2PQuicTransport` operation failed. Mirrors the situations in which WebTransport rejects with a
 * `WebTransportError` (source "session") or throws `InvalidStateError`.
 * - `connection-failed`: the q2q session could not be established (`ready` rejects).
 * - `aborted`: `close()` was called before the session was established.
 * - `session-lost`: the session ended without an application close (reset, idle timeout, transport error).
 * - `invalid-state`: the transport is closed or failed.
 * - `unsupported`: an option asks for something this transport cannot do (`requireUnreliable`).
 * - `protocol-violation`: the peer broke the q2q stream framing (see `stream-kind.ts`, `datagram-frames.ts`).
 * - `invalid-argument`: a close code outside 0..2^32-1.
 */
export type QuicTransportErrorCode =
  | 'connection-failed'
  | 'aborted'
  | 'session-lost'
  | 'invalid-state'
  | 'unsupported'
  | 'protocol-violation'
  | 'invalid-argument';

/** A WebTransport-level failure of an `LP2PQuicTransport`; the session error, if any, is the `cause`. */
export class QuicTransportError extends OffgridError {
  declare readonly code: QuicTransportErrorCode;

  constructor(code: QuicTransportErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
