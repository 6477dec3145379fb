import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Spake2 } from './spake2.ts';
import { spake2KeySchedule, spake2Transcript } from './spake2-key-schedule.ts';
import { p256Group, p256Sha256 } from './spake2-p256.ts';

/** One `spake2: A='…', B='…'` block of the RFC 9382 Appendix B vectors (copied from the draft). */
interface Vector {
  readonly A: string;
  readonly B: string;
  readonly values: ReadonlyMap<string, string>;
}

/**
 * Values wrap over lines of bare hex, and the file sometimes runs two on one line
 * ("Hash(TT) = 0x…Ke = 0x…"): a label starts with a letter that hex digits (lowercase) cannot be.
 */
function parseVectors(text: string): Vector[] {
  const vectors: Vector[] = [];
  for (const block of text.split(/^spake2: /m).slice(1)) {
    const header = /^A='([^']*)', B='([^']*)'/.exec(block);
    assert.ok(header, 'vector header');
    const values = new Map<string, string>();
    let last: string | undefined;
    for (const line of block.split('\n').slice(1)) {
      const trimmed = line.trim();
      if (/^[0-9a-f]+$/.test(trimmed) && last !== undefined) {
        values.set(last, `${values.get(last)}${trimmed}`);
        continue;
      }
      for (const m of trimmed.matchAll(/([A-Za-z][A-Za-z ()]*?) = 0x([0-9a-f]+)/g)) {
        last = m[1] as string;
        values.set(last, m[2] as string);
      }
    }
    vectors.push({ A: header[1] as string, B: header[2] as string, values });
  }
  return vectors;
}

const text = readFileSync(join(import.meta.dirname, 'fixtures', 'rfc9382-test-vectors.txt'), 'utf8');
const vectors = parseVectors(text);
const utf8 = new TextEncoder();

describe('SPAKE2-P256-SHA256-HKDF-HMAC against the RFC 9382 test vectors', () => {
  it('parses all four vectors with every value', () => {
    assert.equal(vectors.length, 4);
    for (const v of vectors) {
      for (const key of [
        'w',
        'x',
        'S',
        'y',
        'T',
        'K',
        'TT',
        'Hash(TT)',
        'Ke',
        'Ka',
        'KcA',
        'KcB',
        'A conf',
        'B conf',
      ]) {
        assert.ok(v.values.has(key), `${v.A}/${v.B}: ${key}`);
      }
    }
  });

  for (const v of vectors) {
    const hex = (key: string) => v.values.get(key) as string;
    const big = (key: string) => BigInt(`0x${hex(key)}`);
    const ids = { identityA: utf8.encode(v.A), identityB: utf8.encode(v.B) };

    it(`A='${v.A}', B='${v.B}': pA, pB, Ke and both confirmations match byte for byte`, () => {
      const a = Spake2.create('A', p256Sha256, { ...ids, w: big('w'), scalar: big('x') });
      const b = Spake2.create('B', p256Sha256, { ...ids, w: big('w'), scalar: big('y') });
      assert.equal(bytesToHex(a.publicValue), hex('S'));
      assert.equal(bytesToHex(b.publicValue), hex('T'));
      const ka = a.finish(b.publicValue);
      const kb = b.finish(a.publicValue);
      assert.equal(bytesToHex(ka.sharedKey), hex('Ke'));
      assert.equal(bytesToHex(kb.sharedKey), hex('Ke'));
      assert.equal(bytesToHex(ka.confirmation), hex('A conf'));
      assert.equal(bytesToHex(kb.confirmation), hex('B conf'));
      assert.equal(ka.verifyPeerConfirmation(hexToBytes(hex('B conf'))), true);
      assert.equal(kb.verifyPeerConfirmation(hexToBytes(hex('A conf'))), true);
      assert.equal(ka.verifyPeerConfirmation(hexToBytes(hex('A conf'))), false);
    });

    it(`A='${v.A}', B='${v.B}': transcript and key schedule match byte for byte`, () => {
      const parts = {
        ...ids,
        pA: hexToBytes(hex('S')),
        pB: hexToBytes(hex('T')),
        K: hexToBytes(hex('K')),
        w: big('w'),
      };
      const tt = spake2Transcript(parts, p256Group.scalarLength);
      assert.equal(bytesToHex(tt), hex('TT'));
      const keys = spake2KeySchedule(p256Sha256, tt, new Uint8Array(0));
      assert.equal(bytesToHex(p256Sha256.hash(tt)), hex('Hash(TT)'));
      assert.equal(bytesToHex(keys.Ke), hex('Ke'));
      assert.equal(bytesToHex(keys.Ka), hex('Ka'));
      assert.equal(bytesToHex(keys.KcA), hex('KcA'));
      assert.equal(bytesToHex(keys.KcB), hex('KcB'));
      assert.equal(bytesToHex(keys.cA), hex('A conf'));
      assert.equal(bytesToHex(keys.cB), hex('B conf'));
    });
  }
});
