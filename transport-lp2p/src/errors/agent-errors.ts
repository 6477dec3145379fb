import { OffgridError } from './offgrid-error.ts';

export type AgentErrorCode =
  | 'connection-closed'
  | 'request-timeout'
  | 'unexpected-response'
  | 'name-mismatch'
  | 'no-route'
  | 'unknown-peer'
  | 'stopped'
  | 'peer-unresponsive';

/** Errors of the OSP agent layer: connecting to peers, metadata exchange, requests. */
export class AgentError extends OffgridError {
  declare readonly code: AgentErrorCode;

  constructor(code: AgentErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
