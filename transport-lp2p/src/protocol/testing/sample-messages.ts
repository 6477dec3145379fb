import type { OspMessage } from '../messages.ts';

/**
 * One valid instance of every message, with optional fields both present and absent: the fixtures of the
 * codec tests, fuzzing seeds and benchmarks.
 */
export function sampleMessages(): OspMessage[] {
  const agentInfo = {
    displayName: 'Kitchen tablet',
    modelName: 'Offgrid 1',
    capabilities: [1, 1100, 1200, 4242],
    stateToken: 'c0ffee',
    locales: ['en-GB', 'de'],
  };
  return [
    { type: 'agent-info-request', requestId: 0 },
    { type: 'agent-info-response', requestId: 1, agentInfo },
    { type: 'agent-info-response', requestId: 2, agentInfo: { ...agentInfo, capabilities: [], locales: [] } },
    { type: 'agent-info-event', agentInfo: { ...agentInfo, displayName: 'Küche ☕' } },
    { type: 'agent-status-request', requestId: 3 },
    { type: 'agent-status-request', requestId: 4, status: { status: 'awake' } },
    { type: 'agent-status-response', requestId: 5 },
    { type: 'agent-status-response', requestId: Number.MAX_SAFE_INTEGER, status: { status: '' } },
    { type: 'auth-capabilities', pskEaseOfInput: 100, pskInputMethods: [0, 1], pskMinBitsOfEntropy: 20 },
    { type: 'auth-capabilities', pskEaseOfInput: 0, pskInputMethods: [], pskMinBitsOfEntropy: 60 },
    {
      type: 'auth-spake2-handshake',
      initiationToken: {},
      pskStatus: 0,
      publicValue: new Uint8Array(65).fill(4),
    },
    {
      type: 'auth-spake2-handshake',
      initiationToken: { token: 'at-123' },
      pskStatus: 2,
      publicValue: new Uint8Array([1, 2, 3]),
    },
    { type: 'auth-spake2-confirmation', confirmationValue: new Uint8Array(64).map((_, i) => i) },
    { type: 'auth-status', result: 0 },
    { type: 'auth-status', result: 5 },
    { type: 'data-frame', encodingId: 0, payload: new Uint8Array(0) },
    { type: 'data-frame', encodingId: 1, payload: new TextEncoder().encode('hello') },
    { type: 'data-frame', encodingId: 2, payload: new Uint8Array(70_000).fill(7) },
    { type: 'data-channel-open-request', requestId: 6, channelId: 0, label: 'notes', protocol: '' },
    { type: 'data-channel-open-request', requestId: 7, channelId: 65_534, label: '', protocol: 'y-sync' },
    { type: 'data-channel-open-response', requestId: 6, result: 1 },
    { type: 'data-channel-open-response', requestId: 7, result: 199 },
  ];
}
