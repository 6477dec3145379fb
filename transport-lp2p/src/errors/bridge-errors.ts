import { OffgridError } from './offgrid-error.ts';

/** What went wrong between a page and its agent's loopback bridge (transport-lp2p/src/bridge, src/browser). */
export type BridgeErrorCode =
  /** A bridge frame that is not CBOR, not a known message, or breaks its message's schema or limits. */
  | 'malformed-frame'
  /** A message the state does not allow: an unknown or reused object id, a request before the handshake. */
  | 'unexpected-message'
  /** The page used more than its share: objects, pending requests, buffered bytes, prompts. */
  | 'limit-exceeded'
  /** The user (in the trusted UI) or the bridge refused this origin. */
  | 'not-allowed'
  /** The WebSocket to the agent closed or could not be opened. */
  | 'disconnected';

/** An error of the loopback bridge protocol, on either side. */
export class BridgeError extends OffgridError {
  declare readonly code: BridgeErrorCode;

  constructor(code: BridgeErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
