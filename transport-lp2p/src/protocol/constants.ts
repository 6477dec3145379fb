/**
 * Numeric type keys and enumerations of the messages this agent speaks.
 * Sources: osp-network_messages.cddl, osp-application_messages.cddl and lp2p-draft-index.bs Appendix A
 * (kept beside this file in `cddl/`; `cddl-conformance.test.ts` checks the schemas against them).
 */

/** Message type keys, written as a QUIC varint before each CBOR body (osp-network §messages). */
export const MessageType = {
  AgentInfoRequest: 10,
  AgentInfoResponse: 11,
  AgentStatusRequest: 12,
  AgentStatusResponse: 13,
  DataFrame: 24,
  AgentInfoEvent: 120,
  AuthCapabilities: 1001,
  AuthSpake2Confirmation: 1003,
  AuthStatus: 1004,
  AuthSpake2Handshake: 1005,
  DataChannelOpenRequest: 1101,
  DataChannelOpenResponse: 1102,
} as const;

/**
 * `agent-capability` IDs. 1–999 are OSP's; 1000 and up are extensions (osp-application §protocol-extensions),
 * so decoders accept any uint here: peers advertise extensions we do not know.
 */
export const AgentCapability = {
  ReceiveAudio: 1,
  ReceiveVideo: 2,
  ReceivePresentation: 3,
  ControlPresentation: 4,
  ReceiveRemotePlayback: 5,
  ControlRemotePlayback: 6,
  ReceiveStreaming: 7,
  SendStreaming: 8,
  DataChannels: 1100,
  QuickTransport: 1200,
} as const;

/** `auth-status-result` (osp-network_messages.cddl). */
export const AuthStatusResult = {
  Authenticated: 0,
  UnknownError: 1,
  Timeout: 2,
  SecretUnknown: 3,
  ValidationTookTooLong: 4,
  ProofInvalid: 5,
} as const;

/** `auth-spake2-psk-status` (osp-network_messages.cddl). */
export const PskStatus = { NeedsPresentation: 0, Shown: 1, Input: 2 } as const;

/** `psk-input-method` (osp-network_messages.cddl). */
export const PskInputMethod = { Numeric: 0, QrCode: 1 } as const;

/** `data-channel-encoding-id` (lp2p Appendix A). */
export const DataEncoding = { Blob: 0, String: 1, ArrayBuffer: 2 } as const;

/** OSP's `result` group, used as `&result` by `data-channel-open-response` (osp-application_messages.cddl). */
export const ResultCode = {
  Success: 1,
  InvalidUrl: 10,
  InvalidPresentationId: 11,
  Timeout: 100,
  TransientError: 101,
  PermanentError: 102,
  Terminating: 103,
  UnknownError: 199,
} as const;

/** The type of an enumeration's values, e.g. `ValueOf<typeof PskStatus>` is `0 | 1 | 2`. */
export type ValueOf<T> = T[keyof T];
