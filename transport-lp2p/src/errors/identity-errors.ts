import { OffgridError } from './offgrid-error.ts';

/** A caller passed a value the agent identity rules (osp-network §Agent Certificates) cannot accept. */
export class InvalidIdentityParameterError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('identity-invalid-parameter', message, options);
  }
}

/**
 * The persisted identity exists but cannot be trusted: unparsable JSON, PEM or DER, a missing private key
 * beside other state, or values out of range. Never repaired silently, because a new key would change the
 * agent fingerprint every peer has pinned.
 */
export class IdentityStateCorruptError extends OffgridError {
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super('identity-state-corrupt', `${path}: ${message}`, options);
    this.path = path;
  }
}

/** The identity state directory or one of its files could not be read or written (permissions, I/O). */
export class IdentityStateIoError extends OffgridError {
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super('identity-state-io', `${path}: ${message}`, options);
    this.path = path;
  }
}
