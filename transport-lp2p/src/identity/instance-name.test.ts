import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidIdentityParameterError } from '../errors/index.ts';
import { isTruncatedInstanceName, toInstanceName } from './instance-name.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('toInstanceName (osp-network §Discovery with mDNS)', () => {
  it('keeps a display name that fits one DNS label', () => {
    assert.equal(toInstanceName('Living Room TV'), 'Living Room TV');
    assert.equal(toInstanceName('x'.repeat(63)), 'x'.repeat(63));
    assert.equal(isTruncatedInstanceName('Living Room TV'), false);
  });

  it('truncates longer names to 62 octets plus the \\000 marker', () => {
    const name = toInstanceName('x'.repeat(64));
    assert.equal(name, `${'x'.repeat(62)}\u0000`);
    assert.equal(octets(name), 63);
    assert.ok(isTruncatedInstanceName(name));
  });

  it('cuts on a UTF-8 character boundary', () => {
    // 'é' is 2 octets: 31 of them are 62 octets, so the 32nd cannot fit beside the marker.
    assert.equal(toInstanceName('é'.repeat(40)), `${'é'.repeat(31)}\u0000`);
    // '📺' is 4 octets: 15 of them are 60; the 16th would make 64.
    const tv = toInstanceName(`a${'📺'.repeat(20)}`);
    assert.equal(tv, `a${'📺'.repeat(15)}\u0000`);
    assert.ok(octets(tv) <= 63);
    assert.ok(tv.isWellFormed());
  });

  it('rejects empty or malformed display names', () => {
    assert.throws(() => toInstanceName(''), InvalidIdentityParameterError);
    assert.throws(() => toInstanceName('bad \ud800 surrogate'), InvalidIdentityParameterError);
  });
});
