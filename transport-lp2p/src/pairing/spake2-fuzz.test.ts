import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { InvalidPskError, Spake2InvalidPublicValueError } from '../errors/index.ts';
import { decodePskNumeric, decodePskQrText } from './psk.ts';
import { Spake2 } from './spake2.ts';
import { p256Sha256 } from './spake2-p256.ts';

const utf8 = new TextEncoder();
const ids = { identityA: utf8.encode('client'), identityB: utf8.encode('server') };
const BUDGET_MS = 1500;

/** Runs `body` `count` times or until the time budget is spent, whichever comes first; returns runs. */
function bounded(count: number, body: (i: number) => void): number {
  const deadline = performance.now() + BUDGET_MS;
  let i = 0;
  for (; i < count && performance.now() < deadline; i++) body(i);
  return i;
}

/** Remote input must end in keys or a typed error, nothing else (STYLE.md: remote input never crashes). */
function expectKeysOrTypedError(finish: () => unknown): 'ok' | 'rejected' {
  try {
    finish();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof Spake2InvalidPublicValueError, `unexpected ${String(error)}`);
    return 'rejected';
  }
}

describe('SPAKE2 public value fuzzing', () => {
  it('edwards25519: random bytes and lengths give keys or Spake2InvalidPublicValueError only', () => {
    const outcomes = { ok: 0, rejected: 0 };
    const runs = bounded(200, (i) => {
      const peer = randomBytes(i % 10 === 0 ? i % 70 : 32);
      outcomes[
        expectKeysOrTypedError(() =>
          Spake2.forOsp('A', { password: utf8.encode('1234'), ...ids }).finish(peer),
        )
      ]++;
    });
    assert.ok(runs >= 30, `only ${runs} runs`);
    // About half of random 32-byte strings decode to curve points; both paths must have been exercised.
    assert.ok(outcomes.ok > 0 && outcomes.rejected > 0, JSON.stringify(outcomes));
  });

  it('P-256: random and bit-flipped points give keys or Spake2InvalidPublicValueError only', () => {
    const good = Spake2.create('B', p256Sha256, { ...ids, w: 7n }).publicValue;
    const outcomes = { ok: 0, rejected: 0 };
    const runs = bounded(90, (i) => {
      const peer = i % 3 === 0 ? randomBytes(i % 80) : Buffer.from(good);
      if (i % 3 !== 0) peer[i % peer.length] = (peer[i % peer.length] as number) ^ (1 << (i % 8));
      if (i % 30 === 1) peer.set(good);
      outcomes[
        expectKeysOrTypedError(() => Spake2.create('A', p256Sha256, { ...ids, w: 7n }).finish(peer))
      ]++;
    });
    assert.ok(runs >= 30, `only ${runs} runs`);
    assert.ok(outcomes.ok > 0 && outcomes.rejected > 0, JSON.stringify(outcomes));
  });
});

describe('PSK decoder fuzzing', () => {
  it('random printable strings decode or raise InvalidPskError only', () => {
    const alphabet = '0123456789abcdefABCDEF -\t\nxX.٣';
    const runs = bounded(2000, (i) => {
      const length = i % 40;
      const text = Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
      for (const decode of [decodePskNumeric, decodePskQrText]) {
        try {
          const value = decode(text);
          assert.ok(value >= 0n && value < 1n << 80n);
        } catch (error) {
          assert.ok(
            error instanceof InvalidPskError,
            `unexpected ${String(error)} for ${JSON.stringify(text)}`,
          );
        }
      }
    });
    assert.ok(runs >= 100);
  });
});
