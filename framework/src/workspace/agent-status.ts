import type { Connectivity } from './status.ts';

/**
 * What a device's agent (`offgrid up`) tells its pages about itself on their sync socket, as a WebSocket text
 * frame beside the binary Hocuspocus frames: the page's own link reaches only the agent, so the agent's links
 * say whether the page's changes can reach anyone. JSON, at most {@link MAX_AGENT_STATUS_BYTES} bytes:
 * `{"t":"offgrid/agent-status","v":1,"connectivity":"online","nearbyPeers":2}`.
 */
export interface AgentStatus {
  /** `online`: the agent's gateway is connected to the server; `nearby only`: it has nearby agents; else offline. */
  readonly connectivity: Connectivity;
  /** Nearby agents the app's replica is syncing with now. */
  readonly nearbyPeers: number;
}

export const AGENT_STATUS_TYPE = 'offgrid/agent-status';
export const MAX_AGENT_STATUS_BYTES = 256;
const connectivities: readonly string[] = ['offline', 'nearby only', 'online'];

/** A malformed agent status frame (too large, not JSON, wrong fields). */
export class AgentStatusError extends Error {
  readonly code = 'invalid-agent-status';

  constructor(message: string) {
    super(message);
    this.name = 'AgentStatusError';
  }
}

export function encodeAgentStatus(status: AgentStatus): string {
  return JSON.stringify({
    t: AGENT_STATUS_TYPE,
    v: 1,
    connectivity: status.connectivity,
    nearbyPeers: status.nearbyPeers,
  });
}

/** Decodes a text frame from the agent; throws {@link AgentStatusError}, checking the size before parsing. */
export function decodeAgentStatus(text: string): AgentStatus {
  if (text.length > MAX_AGENT_STATUS_BYTES) throw new AgentStatusError('agent status frame too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AgentStatusError('agent status frame is not JSON');
  }
  const fields = value as { t?: unknown; v?: unknown; connectivity?: unknown; nearbyPeers?: unknown };
  if (typeof value !== 'object' || value === null || fields.t !== AGENT_STATUS_TYPE || fields.v !== 1)
    throw new AgentStatusError('not an agent status frame');
  const { connectivity, nearbyPeers } = fields;
  if (typeof connectivity !== 'string' || !connectivities.includes(connectivity))
    throw new AgentStatusError('unknown connectivity');
  if (
    typeof nearbyPeers !== 'number' ||
    !Number.isInteger(nearbyPeers) ||
    nearbyPeers < 0 ||
    nearbyPeers > 1e6
  )
    throw new AgentStatusError('bad nearbyPeers');
  return { connectivity: connectivity as Connectivity, nearbyPeers };
}
