import { OffgridError } from './offgrid-error.ts';

/** Why a received OSP frame was rejected. Every code means the peer sent something we must not act on. */
export type MessageDecodeErrorCode =
  | 'unknown-type-key'
  | 'frame-too-large'
  | 'too-deep'
  | 'malformed-cbor'
  | 'indefinite-length'
  | 'invalid-message'
  | 'truncated';

/**
 * A frame received from a peer could not be decoded. Remote input only ever produces this error.
 *
 * For `unknown-type-key`, osp-network §messages says to close the QUIC connection with application error 404
 * and the key in the reason phrase; `typeKey` carries the key (absent only if it exceeds 2^53 - 1).
 *
 * @example
 * try { decodeMessage(frame) } catch (e) {
 *   if (e instanceof MessageDecodeError && e.code === 'unknown-type-key') connection.close(404, e.message);
 * }
 */
export class MessageDecodeError extends OffgridError {
  declare readonly code: MessageDecodeErrorCode;
  readonly typeKey?: number;

  constructor(code: MessageDecodeErrorCode, message: string, options?: ErrorOptions & { typeKey?: number }) {
    super(code, message, options);
    if (options?.typeKey !== undefined) this.typeKey = options.typeKey;
  }
}

/** A local message object does not fit its schema (a bug in the caller, never remote input). */
export class MessageEncodeError extends OffgridError {
  declare readonly code: 'invalid-message';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid-message', message, options);
  }
}
