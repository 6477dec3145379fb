import type { FrameGate, OspMessage } from '../protocol/index.ts';

/**
 * Messages a peer may send before it is authenticated (osp-network §Authentication: only what pairing
 * needs, and agent-info so a peer can be named). Anything else from an unauthenticated peer closes the connection
 * with 403, decided from the type key before any of the message is buffered. agent-status stays out: an answer
 * to it proves that the peer authenticated us (osp-agent.ts relies on that after pairing).
 */
export const PRE_AUTH_TYPES: ReadonlySet<OspMessage['type']> = new Set([
  'agent-info-request',
  'agent-info-response',
  'agent-info-event',
  'auth-capabilities',
  'auth-spake2-handshake',
  'auth-spake2-confirmation',
  'auth-status',
]);

/**
 * Largest frame read before authentication. The largest message allowed then is agent-info, a few hundred
 * bytes in practice (a display name, model name, capabilities and locales); 8 KiB leaves room for long names
 * while keeping a stranger's cost per stream small.
 */
export const PRE_AUTH_FRAME_BYTES = 8 * 1024;

/** The gate every stream of a connection reads through: refuses or caps by type while unauthenticated. */
export function preAuthGate(isAuthenticated: () => boolean): FrameGate {
  return (type) => {
    if (isAuthenticated()) return undefined;
    return PRE_AUTH_TYPES.has(type) ? PRE_AUTH_FRAME_BYTES : false;
  };
}
