export { isTruncatedInstanceName } from '../identity/instance-name.ts';
export type { AdvertiseOptions } from './advertise-options.ts';
export { OspAdvertiser } from './advertiser.ts';
export { AgentEvent, type AgentEventType } from './agent-event.ts';
export { generateAuthToken } from './auth-token.ts';
export { type BrowseOptions, OspBrowser } from './browser.ts';
export type { DiscoveredAgent } from './discovered-agent.ts';
