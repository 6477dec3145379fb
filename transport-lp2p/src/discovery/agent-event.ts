import type { DiscoveredAgent } from './discovered-agent.ts';

/** Event types an {@link OspBrowser} dispatches. */
export type AgentEventType = 'agentup' | 'agentchanged' | 'agentdown';

/** An agent appeared, changed (`mv`, port, addresses…) or went away; `agent` is its latest view. */
export class AgentEvent extends Event {
  readonly agent: DiscoveredAgent;

  constructor(type: AgentEventType, agent: DiscoveredAgent) {
    super(type);
    this.agent = agent;
  }
}
