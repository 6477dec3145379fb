import { OffgridError } from './offgrid-error.ts';

/** Why a received OSP frame was rejected. Every code means the peer sent something we must not act on. */
export type MessageDecodeErrorCode =
  | 'unknown-type-key'
  | 'frame-too-large'
  | 'too-deep'
  | 'malformed-cbor'
  | 'indefinite-length'
  | 'invalid-message'
  | 'truncated'
  | 'not-allowed';

/**
 * A frame received from a peer could not be decoded. Remote input only ever produces this error.
 *
 * For `unknown-type-key`, osp-network §messages says to close the QUIC connection with application error 404
 * and the key in the reason phrase; `typeKey` carries the key (a bigint above 2^53 - 1). `not-allowed` is a
 * known message the reader was told not to take now (e.g. before authentication), refused from its type key
 * before any of its body was buffered; `messageType` names it.
 *
 * @example
 * try { decodeMessage(frame) } catch (e) {
 *   if (e instanceof MessageDecodeError && e.code === 'unknown-type-key') connection.close(404, e.message);
 * }
 */
export class MessageDecodeError extends OffgridError {
  declare readonly code: MessageDecodeErrorCode;
  readonly typeKey?: number | bigint;
  readonly messageType?: string;

  constructor(
    code: MessageDecodeErrorCode,
    message: string,
    options?: ErrorOptions & { typeKey?: number | bigint; messageType?: string },
  ) {
    super(code, message, options);
    if (options?.typeKey !== undefined) this.typeKey = options.typeKey;
    if (options?.messageType !== undefined) this.messageType = options.messageType;
  }
}

/** A local message object does not fit its schema (a bug in the caller, never remote input). */
export class MessageEncodeError extends OffgridError {
  declare readonly code: 'invalid-message';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid-message', message, options);
  }
}
