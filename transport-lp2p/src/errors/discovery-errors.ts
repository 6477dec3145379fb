import { OffgridError } from './offgrid-error.ts';

/** Options given to an advertiser or browser are unusable (bad fingerprint, port, token, name). */
export class InvalidDiscoveryOptionsError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_DISCOVERY_OPTIONS', message, options);
  }
}

/** The mDNS socket could not be opened (port 5353 taken without SO_REUSEADDR, no permission, bad interface). */
export class MdnsSocketError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_MDNS_SOCKET', message, options);
  }
}

/** An advertiser could not find a free DNS-SD instance name after repeated mDNS conflicts (RFC 6762 §9). */
export class InstanceNameConflictError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_MDNS_NAME_CONFLICT', message, options);
  }
}

/** An operation was attempted in the wrong lifecycle state (e.g. `update()` before `start()`). */
export class DiscoveryStateError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_DISCOVERY_STATE', message, options);
  }
}
