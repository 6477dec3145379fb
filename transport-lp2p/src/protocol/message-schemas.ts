import {
  AgentCapability,
  AuthStatusResult,
  DataEncoding,
  MessageType,
  PskInputMethod,
  PskStatus,
  ResultCode,
} from './constants.ts';
import type { OspMessageName } from './messages.ts';
import type { EnumSchema, FieldSchema, FieldType, MessageSchema } from './schema.ts';

/*
 * The schema table: one entry per message, transcribed from the CDDL in `cddl/` (the source of truth;
 * `cddl-conformance.test.ts` compares the two). Bounds the CDDL leaves to prose are cited where they apply.
 */

const uint: FieldType = { kind: 'uint' };
const text: FieldType = { kind: 'text' };
const field = (key: number, name: string, type: FieldType): FieldSchema => ({
  key,
  name,
  optional: false,
  type,
});
const optional = (key: number, name: string, type: FieldType): FieldSchema => ({
  key,
  name,
  optional: true,
  type,
});
const enumOf = (name: string, values: Record<string, number>, open = false): FieldType => {
  const schema: EnumSchema = { name, values: Object.values(values), open };
  return { kind: 'uint', enum: schema };
};

/** osp-application_messages.cddl `request` / `response` groups. */
const requestId = field(0, 'requestId', uint);

const agentInfo: FieldType = {
  kind: 'map',
  name: 'agent-info',
  fields: [
    field(0, 'displayName', text),
    field(1, 'modelName', text),
    field(2, 'capabilities', { kind: 'array', items: enumOf('agent-capability', AgentCapability, true) }),
    field(3, 'stateToken', text),
    field(4, 'locales', { kind: 'array', items: text }),
  ],
};

const status: FieldType = { kind: 'map', name: 'status', fields: [field(0, 'status', text)] };

const initiationToken: FieldType = {
  kind: 'map',
  name: 'auth-initiation-token',
  fields: [optional(0, 'token', text)],
};

export const messageSchemas: readonly MessageSchema[] = [
  { typeKey: MessageType.AgentInfoRequest, type: 'agent-info-request', fields: [requestId] },
  {
    typeKey: MessageType.AgentInfoResponse,
    type: 'agent-info-response',
    fields: [requestId, field(1, 'agentInfo', agentInfo)],
  },
  {
    typeKey: MessageType.AgentInfoEvent,
    type: 'agent-info-event',
    fields: [field(0, 'agentInfo', agentInfo)],
  },
  {
    typeKey: MessageType.AgentStatusRequest,
    type: 'agent-status-request',
    fields: [requestId, optional(1, 'status', status)],
  },
  {
    typeKey: MessageType.AgentStatusResponse,
    type: 'agent-status-response',
    fields: [requestId, optional(1, 'status', status)],
  },
  {
    typeKey: MessageType.AuthCapabilities,
    type: 'auth-capabilities',
    fields: [
      // osp-network §authentication: ease of input is 0..100; minimum entropy is 20..60 bits.
      field(0, 'pskEaseOfInput', { kind: 'uint', max: 100 }),
      field(1, 'pskInputMethods', { kind: 'array', items: enumOf('psk-input-method', PskInputMethod) }),
      field(2, 'pskMinBitsOfEntropy', { kind: 'uint', min: 20, max: 60 }),
    ],
  },
  {
    typeKey: MessageType.AuthSpake2Confirmation,
    type: 'auth-spake2-confirmation',
    fields: [field(0, 'confirmationValue', { kind: 'bytes', size: 64 })],
  },
  {
    typeKey: MessageType.AuthStatus,
    type: 'auth-status',
    fields: [field(0, 'result', enumOf('auth-status-result', AuthStatusResult))],
  },
  {
    typeKey: MessageType.AuthSpake2Handshake,
    type: 'auth-spake2-handshake',
    fields: [
      field(0, 'initiationToken', initiationToken),
      field(1, 'pskStatus', enumOf('auth-spake2-psk-status', PskStatus)),
      field(2, 'publicValue', { kind: 'bytes' }),
    ],
  },
  {
    typeKey: MessageType.DataFrame,
    type: 'data-frame',
    fields: [
      field(0, 'encodingId', enumOf('data-channel-encoding-id', DataEncoding)),
      field(4, 'payload', { kind: 'bytes' }),
    ],
  },
  {
    typeKey: MessageType.DataChannelOpenRequest,
    type: 'data-channel-open-request',
    fields: [
      requestId,
      // lp2p §data-channel-extension: channel-id is "between 0 and 65,534".
      field(1, 'channelId', { kind: 'uint', max: 65_534 }),
      field(2, 'label', text),
      field(3, 'protocol', text),
    ],
  },
  {
    typeKey: MessageType.DataChannelOpenResponse,
    type: 'data-channel-open-response',
    fields: [requestId, field(1, 'result', enumOf('result', ResultCode))],
  },
];

/** Schemas by type key, for decoding. */
export const schemaByTypeKey: ReadonlyMap<number, MessageSchema> = new Map(
  messageSchemas.map((schema) => [schema.typeKey, schema]),
);

/** Schemas by message `type`, for encoding. */
export const schemaByName: ReadonlyMap<OspMessageName, MessageSchema> = new Map(
  messageSchemas.map((schema) => [schema.type, schema]),
);
