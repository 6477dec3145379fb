/**
 * Application close codes on OSP sessions. 404 and 5139 come from the specs; the others are Offgrid's own and
 * documented in docs/protocol.md.
 */
export const CloseCode = {
  /** Clean close, nothing wrong. */
  Normal: 0,
  /** osp-network §Messages: the peer sent a type key we do not know; the reason names the key. */
  UnknownTypeKey: 404,
  /** osp-application §Metadata Discovery: neither side needs the connection any more. */
  NotNeeded: 5139,
  /** A frame that is not valid CBOR, breaks a limit, or misses or mistypes a field. */
  MalformedMessage: 400,
  /** A message that is not allowed in the connection's state (e.g. before authentication). */
  NotAllowed: 403,
  /** The peer did not answer a request in time. */
  Timeout: 408,
  /** Too many unauthenticated sessions (in total or from one address): the idlest one is dropped. */
  TooManySessions: 429,
  /** The agent is shutting down. */
  Shutdown: 503,
} as const;
