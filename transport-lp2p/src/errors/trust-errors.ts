import { OffgridError } from './offgrid-error.ts';

/** The known-peers file exists but is not what this code wrote: never repaired silently (trust would be lost). */
export class TrustStoreCorruptError extends OffgridError {
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super('trust-store-corrupt', `${path}: ${message}`, options);
    this.path = path;
  }
}

/** An operation that needs a known (paired) peer named one that is not in the known peers map. */
export class UnknownPeerError extends OffgridError {
  readonly fingerprint: string;

  constructor(fingerprint: string, message = `no known peer with fingerprint ${fingerprint}`) {
    super('unknown-peer', message);
    this.fingerprint = fingerprint;
  }
}
