import { BridgeError, LP2PError, type LP2PErrorCode } from '../errors/index.ts';

const lp2pCodes = new Set<string>(['not-allowed', 'not-found', 'not-started', 'closed']);

/** The error an agent's failed reply stands for, as the class a Node program would have seen. */
export function replyError(code: string, message: string): Error {
  if (lp2pCodes.has(code)) return new LP2PError(code as LP2PErrorCode, message);
  return new BridgeError(code === 'limit-exceeded' ? code : 'unexpected-message', message);
}
