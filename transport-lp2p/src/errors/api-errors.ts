import { OffgridError } from './offgrid-error.ts';

/** Why a data channel failed; carried by the `error` event of `LP2PDataChannel`. */
export type DataChannelErrorCode =
  /** The peer answered data-channel-open-request with a result other than success (`result` says which). */
  | 'open-rejected'
  /** The channel's stream could not be opened, or ended before the peer answered the open request. */
  | 'open-failed'
  /** A message the channel's state does not allow: a second open request, a frame before the answer. */
  | 'unexpected-message'
  /** A whole frame that breaks its schema, e.g. an unknown data-channel-encoding-id. */
  | 'invalid-message'
  /** The peer broke the stream's framing; the whole connection was closed (the cause says how). */
  | 'malformed-frame'
  /** The peer reset the channel's stream. */
  | 'stream-reset'
  /** The connection under the channel closed before the channel did. */
  | 'connection-lost';

/** A data channel failed: the peer's input, its answer, or the connection under it. */
export class DataChannelError extends OffgridError {
  declare readonly code: DataChannelErrorCode;
  /** The OSP `result` of a rejected open (osp-application_messages.cddl `result`). */
  readonly result?: number;

  constructor(code: DataChannelErrorCode, message: string, options?: ErrorOptions & { result?: number }) {
    super(code, message, options);
    if (options?.result !== undefined) this.result = options.result;
  }
}
