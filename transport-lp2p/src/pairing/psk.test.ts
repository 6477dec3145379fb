import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidPskError, PskEntropyRangeError } from '../errors/index.ts';
import {
  decodePskNumeric,
  decodePskQrText,
  encodePskNumeric,
  encodePskQrText,
  generatePsk,
  pskPassword,
} from './psk.ts';

describe('PSK encodings (osp-network Appendix B)', () => {
  it('encodes the Appendix B example', () => {
    assert.equal(encodePskNumeric(61488548833n), '0614-8854-8833');
    assert.equal(encodePskQrText(61488548833n), 'E5100CBE1');
  });

  it('groups by three up to 9 digits and by four beyond, padding to whole groups', () => {
    assert.equal(encodePskNumeric(0n), '000');
    assert.equal(encodePskNumeric(1048575n), '001-048-575');
    assert.equal(encodePskNumeric(123456789n), '123-456-789');
    assert.equal(encodePskNumeric(1234567890n), '0012-3456-7890');
    assert.equal(encodePskNumeric(123456789012n), '1234-5678-9012');
    assert.equal(encodePskNumeric((1n << 80n) - 1n), '0001-2089-2581-9614-6291-7470-6175');
  });

  it('decodes tolerating dashes, spaces and leading zeros', () => {
    for (const text of [
      '0614-8854-8833',
      '0614 8854 8833',
      ' 61488548833 ',
      '0-6-1-4-8854-8833',
      '00061488548833',
    ]) {
      assert.equal(decodePskNumeric(text), 61488548833n, text);
    }
    assert.equal(decodePskNumeric('000'), 0n);
    assert.equal(decodePskQrText('e5100cbe1'), 61488548833n);
    assert.equal(decodePskQrText(' E5100CBE1\n'), 61488548833n);
  });

  it('round-trips random values through both encodings', () => {
    for (let i = 0; i < 200; i++) {
      const psk = generatePsk(20 + (i % 41));
      assert.equal(decodePskNumeric(encodePskNumeric(psk)), psk);
      assert.equal(decodePskQrText(encodePskQrText(psk)), psk);
    }
  });

  it('rejects malformed or oversized input with typed errors', () => {
    for (const text of ['', ' - ', '12a4', '0x12', '1.5', '١٢٣', '1'.repeat(26)]) {
      assert.throws(() => decodePskNumeric(text), InvalidPskError, JSON.stringify(text));
    }
    for (const text of ['', 'xyz', '0x1f', '-1', '1'.repeat(21)]) {
      assert.throws(() => decodePskQrText(text), InvalidPskError, JSON.stringify(text));
    }
    assert.throws(() => encodePskNumeric(-1n), InvalidPskError);
    assert.throws(() => encodePskQrText(1n << 80n), InvalidPskError);
  });
});

describe('generatePsk (osp-network §Authentication, psk-min-bits-of-entropy)', () => {
  it('accepts 20 to 60 bits only', () => {
    for (const bits of [19, 61, 0, 20.5, Number.NaN])
      assert.throws(() => generatePsk(bits), PskEntropyRangeError);
    assert.equal(typeof generatePsk(20), 'bigint');
    assert.equal(typeof generatePsk(60), 'bigint');
  });

  it('draws from 10^d values with d the fewest digits holding the requested entropy', () => {
    for (const [bits, digits] of [
      [20, 7],
      [30, 10],
      [40, 13],
      [60, 19],
    ] as const) {
      assert.ok(digits * Math.log2(10) >= bits);
      assert.ok((digits - 1) * Math.log2(10) < bits);
      let max = 0n;
      for (let i = 0; i < 64; i++) {
        const psk = generatePsk(bits);
        assert.ok(psk >= 0n && psk < 10n ** BigInt(digits));
        if (psk > max) max = psk;
      }
      // 64 uniform draws all under a tenth of the range happen with probability 10^-64.
      assert.ok(max >= 10n ** BigInt(digits - 1), `${bits} bits reaches ${digits} digits`);
    }
  });

  it('spreads values over the range (no stuck or repeated output)', () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 100; i++) seen.add(generatePsk(40));
    assert.ok(seen.size >= 99);
  });
});

describe('pskPassword', () => {
  it('is the canonical decimal form, the same whichever way the PSK was entered', () => {
    const fromNumeric = pskPassword(decodePskNumeric('0614-8854-8833'));
    const fromQr = pskPassword(decodePskQrText('E5100CBE1'));
    assert.deepEqual(fromNumeric, fromQr);
    assert.equal(new TextDecoder().decode(fromNumeric), '61488548833');
  });
});
