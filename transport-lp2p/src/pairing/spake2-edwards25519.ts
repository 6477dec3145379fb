import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Spake2InvalidPublicValueError } from '../errors/index.ts';
import { hkdfHmacSuite, type Spake2Group, type Spake2Suite } from './spake2-group.ts';

type Point = InstanceType<typeof ed25519.Point>;
const Point = ed25519.Point;

/** edwards25519 with RFC 8032 compressed encoding (RFC 9382 §6) and the M, N seeds given there. */
export const edwards25519: Spake2Group<Point> = {
  name: 'edwards25519',
  order: Point.Fn.ORDER,
  cofactor: Point.CURVE().h,
  scalarLength: 32,
  M: Point.fromHex('d048032c6ea0b6d697ddc2e86bda85a33adac920f1bf18e1b0c6d166a5cecdaf'),
  N: Point.fromHex('d3bfb518f44f3430f29d0c92af503865a1ed3281dc69b35dd868ba85f886c4ab'),
  decode(bytes) {
    if (bytes.length !== 32)
      throw new Spake2InvalidPublicValueError(`expected 32 bytes, got ${bytes.length}`);
    let point: Point;
    try {
      // zip215 = false: RFC 8032 strict decoding, rejecting y ≥ 2^255 − 19 and "negative zero" x.
      point = Point.fromBytes(bytes, false);
    } catch (error) {
      throw new Spake2InvalidPublicValueError('not a valid edwards25519 point encoding', { cause: error });
    }
    // Small-order points (the identity among them) carry no password-dependent information.
    if (point.isSmallOrder()) throw new Spake2InvalidPublicValueError('small-order edwards25519 point');
    return point;
  },
  encode: (point) => point.toBytes(),
  add: (a, b) => a.add(b),
  subtract: (a, b) => a.subtract(b),
  multiplyBase: (k) => Point.BASE.multiply(k),
  multiply: (point, k) => point.multiply(k),
  clearCofactor: (point) => point.clearCofactor(),
  isIdentity: (point) => point.is0(),
};

/** SPAKE2-edwards25519-SHA256-HKDF-HMAC (RFC 9382 §6), the suite osp-network §Authentication with SPAKE2 names. */
export const edwards25519Sha256: Spake2Suite<Point> = hkdfHmacSuite(edwards25519, sha256);
