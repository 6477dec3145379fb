/** The named errors of every area, all extending `OffgridError` (a `code` and a message). */
export { AgentError, type AgentErrorCode } from './agent-errors.ts';
export { DataChannelError, type DataChannelErrorCode } from './api-errors.ts';
export { AuthenticationError, type AuthenticationErrorCode } from './authentication-errors.ts';
export { BridgeError, type BridgeErrorCode } from './bridge-errors.ts';
export {
  DiscoveryStateError,
  InstanceNameConflictError,
  InvalidDiscoveryOptionsError,
  MdnsSocketError,
} from './discovery-errors.ts';
export {
  IdentityStateCorruptError,
  IdentityStateIoError,
  InvalidIdentityParameterError,
} from './identity-errors.ts';
export { LocalHttpsError, type LocalHttpsErrorCode } from './local-https-errors.ts';
export { LP2PError, type LP2PErrorCode } from './lp2p-errors.ts';
export { OffgridError } from './offgrid-error.ts';
export {
  InvalidPskError,
  PskEntropyRangeError,
  Spake2InvalidPublicValueError,
  Spake2ParameterError,
  Spake2StateError,
} from './pairing-errors.ts';
export { MessageDecodeError, type MessageDecodeErrorCode, MessageEncodeError } from './protocol-errors.ts';
export { QuicTransportError, type QuicTransportErrorCode } from './quic-transport-errors.ts';
export { SessionError, type SessionErrorCode } from './session-errors.ts';
export { StateDirError } from './state-dir-errors.ts';
export { TrustStoreCorruptError, UnknownPeerError } from './trust-errors.ts';
