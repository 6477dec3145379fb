/** The OSP agent on Node: identity, listeners, discovery and pairing tied together. */
export { OspAgent, QuicTransportSessionEvent } from './osp-agent.ts';
