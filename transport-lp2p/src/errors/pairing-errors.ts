import { OffgridError } from './offgrid-error.ts';

/**
 * A SPAKE2 public value received from the peer is not an acceptable group element (RFC 9382 §7: "An
 * endpoint MUST abort the protocol if any received public value is not a member of G"), or it leads to
 * the identity element.
 */
export class Spake2InvalidPublicValueError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('spake2-invalid-public-value', message, options);
  }
}

/** A SPAKE2 instance was used out of order (e.g. `finish` twice: scalars are single-use, RFC 9382 §7). */
export class Spake2StateError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('spake2-state', message, options);
  }
}

/** Invalid SPAKE2 parameters supplied locally (empty password, scalar out of range, oversized AAD). */
export class Spake2ParameterError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('spake2-parameter', message, options);
  }
}

/** A PSK string, QR payload or value does not follow osp-network Appendix B. */
export class InvalidPskError extends OffgridError {
  constructor(message: string, options?: ErrorOptions) {
    super('psk-invalid', message, options);
  }
}

/** A requested PSK entropy is outside the 20–60 bit range of `psk-min-bits-of-entropy` (osp-network §Authentication). */
export class PskEntropyRangeError extends OffgridError {
  readonly bits: number;

  constructor(bits: number) {
    super('psk-entropy-range', `PSK entropy must be an integer from 20 to 60 bits, got ${bits}`);
    this.bits = bits;
  }
}
