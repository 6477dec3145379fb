import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { Spake2InvalidPublicValueError } from '../errors/index.ts';
import { Spake2 } from './spake2.ts';
import { edwards25519 } from './spake2-edwards25519.ts';
import { ospPasswordScalar } from './spake2-osp.ts';
import { p256Sha256 } from './spake2-p256.ts';

const utf8 = new TextEncoder();
const clientFp = utf8.encode('q7YdJ1x6T5cYbB8Zb1l0f1mZ0zvH8b3hS0rNQm6bW1U=');
const serverFp = utf8.encode('Zz3l3fC0m7d0gT3o1bU8mX0n2a4JwzF7YbQk5eR2c8A=');
const password = utf8.encode('61488548833');
const ids = { identityA: clientFp, identityB: serverFp };
const Point = ed25519.Point;

/** The eight points of order dividing 8 on edwards25519: n·Q for curve points Q with torsion components. */
function torsionPoints() {
  const points: InstanceType<typeof Point>[] = [];
  for (let seed = 1; points.length < 8 && seed < 400; seed++) {
    const bytes = new Uint8Array(32);
    bytes[0] = seed;
    let p: InstanceType<typeof Point>;
    try {
      p = Point.fromBytes(bytes);
    } catch {
      continue;
    }
    const t = p.multiplyUnsafe(Point.Fn.ORDER - 1n).add(p);
    if (!points.some((q) => q.equals(t))) points.push(t);
  }
  return points;
}

describe('SPAKE2 public value validation (RFC 9382 §7)', () => {
  const finishWith = (peer: Uint8Array) => Spake2.forOsp('A', { password, ...ids }).finish(peer);
  const invalid = { name: 'Spake2InvalidPublicValueError', code: 'spake2-invalid-public-value' };

  it('rejects wrong lengths', () => {
    for (const n of [0, 31, 33, 65]) assert.throws(() => finishWith(new Uint8Array(n)), invalid);
  });

  it('rejects non-canonical encodings', () => {
    // y = p + 1 ≡ 1 (2^255 − 20 + 1): a second encoding of the identity.
    const yAboveP = Buffer.from(`ee${'ff'.repeat(30)}7f`, 'hex');
    assert.throws(() => finishWith(yAboveP), invalid);
    // x = 0 with the sign bit set ("negative zero") for y = 1.
    const negativeZero = new Uint8Array(32);
    negativeZero[0] = 1;
    negativeZero[31] = 0x80;
    assert.throws(() => finishWith(negativeZero), invalid);
  });

  it('rejects encodings that are not on the curve', () => {
    let offCurve: Uint8Array | undefined;
    for (let y = 2; offCurve === undefined; y++) {
      const bytes = new Uint8Array(32);
      bytes[0] = y;
      try {
        Point.fromBytes(bytes);
      } catch {
        offCurve = bytes;
      }
    }
    assert.throws(() => finishWith(offCurve), invalid);
  });

  it('rejects the identity and every small-order point', () => {
    const torsion = torsionPoints();
    assert.equal(torsion.length, 8);
    for (const t of torsion) assert.throws(() => finishWith(t.toBytes()), Spake2InvalidPublicValueError);
  });

  it('aborts when the shared element K is the identity (pB = w·N, or w·N plus torsion)', () => {
    const w = ospPasswordScalar(password);
    const wN = edwards25519.N.multiply(w);
    assert.throws(() => finishWith(wN.toBytes()), /identity/);
    const [, t] = torsionPoints();
    assert.ok(t);
    assert.throws(() => finishWith(wN.add(t).toBytes()), /identity/);
  });

  it('accepts a torsion-shifted public value but the confirmation then fails', () => {
    const a = Spake2.forOsp('A', { password, ...ids });
    const b = Spake2.forOsp('B', { password, ...ids });
    const [, t] = torsionPoints();
    assert.ok(t);
    const shifted = Point.fromBytes(a.publicValue).add(t).toBytes();
    const kb = b.finish(shifted);
    assert.equal(kb.verifyPeerConfirmation(a.finish(b.publicValue).confirmation), false);
  });

  it('rejects malformed P-256 values', () => {
    const a = () => Spake2.create('A', p256Sha256, { ...ids, w: 5n });
    const b = Spake2.create('B', p256Sha256, { ...ids, w: 5n });
    const good = b.publicValue;
    const compressed = new Uint8Array(33);
    compressed.set(good.subarray(0, 33));
    compressed[0] = 0x02;
    assert.throws(() => a().finish(compressed), invalid);
    const offCurve = good.slice();
    offCurve[64] = (offCurve[64] as number) ^ 1;
    assert.throws(() => a().finish(offCurve), invalid);
    const xAboveP = good.slice();
    xAboveP.fill(0xff, 1, 33);
    assert.throws(() => a().finish(xAboveP), invalid);
    assert.equal(a().finish(good).sharedKey.length, 16);
  });
});
