export {
  DEFAULT_PSK_ENTROPY_BITS,
  decodePskNumeric,
  decodePskQrText,
  encodePskNumeric,
  encodePskQrText,
  generatePsk,
  MAX_PSK_ENTROPY_BITS,
  MIN_PSK_ENTROPY_BITS,
  pskPassword,
} from './psk.ts';
export { pskQrModules, renderPskQrSvg } from './psk-qr.ts';
export type { Spake2Keys, Spake2Options, Spake2Role } from './spake2.ts';
export { Spake2 } from './spake2.ts';
export { edwards25519, edwards25519Sha256 } from './spake2-edwards25519.ts';
export type { Spake2Group, Spake2Suite } from './spake2-group.ts';
export { hkdfHmacSuite } from './spake2-group.ts';
export type { Spake2KeySchedule, Spake2TranscriptParts } from './spake2-key-schedule.ts';
export { spake2KeySchedule, spake2Transcript } from './spake2-key-schedule.ts';
export {
  OSP_CONFIRMATION_BYTES,
  ospPasswordScalar,
  ospSpake2Identity,
  ospSpake2Suite,
} from './spake2-osp.ts';
export { p256Group, p256Sha256 } from './spake2-p256.ts';
