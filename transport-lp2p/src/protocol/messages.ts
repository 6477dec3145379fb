/** `agent-info` (osp-application §discovery-metadata): what an agent says about itself. */
export interface AgentInfo {
  displayName: string;
  modelName: string;
  /** `agent-capability` IDs; see `AgentCapability`. Unknown (extension) IDs are kept. */
  capabilities: number[];
  stateToken: string;
  locales: string[];
}

/**
 * One OSP message, discriminated by `type` (the CDDL rule name). Numeric enumerations are plain numbers so that
 * values decoded from the wire need no casts; the constants in `constants.ts` name them.
 */
export type OspMessage =
  | { type: 'agent-info-request'; requestId: number }
  | { type: 'agent-info-response'; requestId: number; agentInfo: AgentInfo }
  | { type: 'agent-info-event'; agentInfo: AgentInfo }
  | { type: 'agent-status-request'; requestId: number; status?: { status: string } }
  | { type: 'agent-status-response'; requestId: number; status?: { status: string } }
  | {
      type: 'auth-capabilities';
      pskEaseOfInput: number;
      pskInputMethods: number[];
      pskMinBitsOfEntropy: number;
    }
  | {
      type: 'auth-spake2-handshake';
      initiationToken: { token?: string };
      pskStatus: number;
      publicValue: Uint8Array;
    }
  | { type: 'auth-spake2-confirmation'; confirmationValue: Uint8Array }
  | { type: 'auth-status'; result: number }
  | { type: 'data-frame'; encodingId: number; payload: Uint8Array }
  | {
      type: 'data-channel-open-request';
      requestId: number;
      channelId: number;
      label: string;
      protocol: string;
    }
  | { type: 'data-channel-open-response'; requestId: number; result: number };

/** The `type` strings of `OspMessage`. */
export type OspMessageName = OspMessage['type'];
