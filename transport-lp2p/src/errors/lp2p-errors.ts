import { OffgridError } from './offgrid-error.ts';

export type LP2PErrorCode = 'not-allowed' | 'not-found' | 'not-started' | 'closed';

/** Peer management refused or could not find what the LP2P API asked for. */
export class LP2PError extends OffgridError {
  declare readonly code: LP2PErrorCode;

  constructor(code: LP2PErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
