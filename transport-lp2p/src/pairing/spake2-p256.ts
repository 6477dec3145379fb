import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Spake2InvalidPublicValueError } from '../errors/index.ts';
import { hkdfHmacSuite, type Spake2Group, type Spake2Suite } from './spake2-group.ts';

type Point = InstanceType<typeof p256.Point>;
const Point = p256.Point;

/** P-256 with uncompressed SEC1 encoding (RFC 9382 §6) and the M, N seeds given there. Cofactor 1. */
export const p256Group: Spake2Group<Point> = {
  name: 'P-256',
  order: Point.Fn.ORDER,
  cofactor: 1n,
  scalarLength: 32,
  M: Point.fromHex('02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f'),
  N: Point.fromHex('03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49'),
  decode(bytes) {
    if (bytes.length !== 65 || bytes[0] !== 0x04) {
      throw new Spake2InvalidPublicValueError('expected a 65-byte uncompressed SEC1 P-256 point');
    }
    try {
      // fromBytes checks both coordinates are field elements and the point is on the curve; with
      // cofactor 1 every curve point but the identity (not encodable as 0x04 ‖ x ‖ y) is in G.
      return Point.fromBytes(bytes);
    } catch (error) {
      throw new Spake2InvalidPublicValueError('not a point on P-256', { cause: error });
    }
  },
  encode: (point) => point.toBytes(false),
  add: (a, b) => a.add(b),
  subtract: (a, b) => a.subtract(b),
  multiplyBase: (k) => Point.BASE.multiply(k),
  multiply: (point, k) => point.multiply(k),
  clearCofactor: (point) => point,
  isIdentity: (point) => point.is0(),
};

/** SPAKE2-P256-SHA256-HKDF-HMAC (RFC 9382 §6), the suite of the RFC's test vectors. */
export const p256Sha256: Spake2Suite<Point> = hkdfHmacSuite(p256Group, sha256);
