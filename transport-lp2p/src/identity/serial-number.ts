import { randomUUID } from 'node:crypto';
import { InvalidIdentityParameterError } from '../errors/index.ts';

/** 128-bit base + 32-bit counter (osp-network §Computing the Certificate Serial Number). */
export const SERIAL_BASE_BYTES = 16;
export const SERIAL_NUMBER_HEX_LENGTH = 40;
export const MAX_SERIAL_COUNTER = 0xffff_ffff;

/**
 * A fresh certificate serial number base: a random (version 4) UUID whose top bit is clear. The spec only
 * asks for a 128-bit UUID; keeping the top bit clear keeps the DER INTEGER of the 160-bit serial number
 * within the 20 octets RFC 5280 §4.1.2.2 allows (a set top bit would need a 21st, zero, octet).
 */
export function newSerialBase(): Uint8Array {
  for (;;) {
    const bytes = Buffer.from(randomUUID().replaceAll('-', ''), 'hex');
    if ((bytes[0] as number) < 0x80) return new Uint8Array(bytes);
  }
}

/** The 160-bit serial number, big-endian, as 40 lowercase hex digits: base (upper 128 bits) ‖ counter. */
export function composeSerialNumber(base: Uint8Array, counter: number): string {
  if (base.length !== SERIAL_BASE_BYTES) {
    throw new InvalidIdentityParameterError(
      `serial base must be ${SERIAL_BASE_BYTES} bytes, got ${base.length}`,
    );
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_SERIAL_COUNTER) {
    throw new InvalidIdentityParameterError(
      `serial counter must be a 32-bit unsigned integer, got ${counter}`,
    );
  }
  return Buffer.from(base).toString('hex') + counter.toString(16).padStart(8, '0');
}

/** Splits a serial number (hex, any leading zeros dropped by DER) back into base and counter. */
export function parseSerialNumber(serialHex: string): { base: Uint8Array; counter: number } | undefined {
  if (serialHex.length > SERIAL_NUMBER_HEX_LENGTH || !/^[0-9a-fA-F]*$/.test(serialHex)) return undefined;
  const full = serialHex.toLowerCase().padStart(SERIAL_NUMBER_HEX_LENGTH, '0');
  return {
    base: new Uint8Array(Buffer.from(full.slice(0, SERIAL_BASE_BYTES * 2), 'hex')),
    counter: Number.parseInt(full.slice(SERIAL_BASE_BYTES * 2), 16),
  };
}
