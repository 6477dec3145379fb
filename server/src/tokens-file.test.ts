import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokensFileError } from './errors.ts';
import { grantCovers, parseTokensFile } from './tokens-file.ts';

describe('parseTokensFile', () => {
  it('reads grants with and without an expiry', () => {
    const grants = parseTokensFile(
      JSON.stringify([
        { token: 'a', access: 'read', prefixes: ['survey/2026-flood/'], expires: '2027-01-31T00:00:00Z' },
        { token: 'b', access: 'read-write', prefixes: [] },
      ]),
    );
    assert.deepEqual(grants, [
      { token: 'a', access: 'read', prefixes: ['survey/2026-flood/'], expiresAt: Date.UTC(2027, 0, 31) },
      { token: 'b', access: 'read-write', prefixes: [] },
    ]);
    const [a, b] = grants;
    assert.ok(a && b);
    assert.equal(grantCovers(a, 'survey/2026-flood/site-1'), true);
    assert.equal(grantCovers(a, 'survey/2026-floods'), false);
    assert.equal(grantCovers(b, 'anything'), false);
  });

  for (const [what, text, fault] of [
    ['not JSON', '[{', /not JSON/],
    ['an object', '{}', /JSON array/],
    ['an empty token', '[{"token":"","access":"read","prefixes":[]}]', /entry 0: "token"/],
    ['a bad access', '[{"token":"a","access":"write","prefixes":[]}]', /"access"/],
    ['prefixes not strings', '[{"token":"a","access":"read","prefixes":[1]}]', /"prefixes"/],
    ['a bad date', '[{"token":"a","access":"read","prefixes":[],"expires":"soon"}]', /"expires"/],
    [
      'an unknown field',
      '[{"token":"a","access":"read","prefixes":[],"admin":true}]',
      /unknown field 'admin'/,
    ],
    [
      'a duplicate',
      '[{"token":"a","access":"read","prefixes":[]},{"token":"a","access":"read","prefixes":[]}]',
      /twice/,
    ],
  ] as const) {
    it(`refuses ${what} with a TokensFileError`, () => {
      assert.throws(
        () => parseTokensFile(text),
        (error: unknown) =>
          error instanceof TokensFileError &&
          error.code === 'tokens-file-invalid' &&
          fault.test(error.message),
      );
    });
  }
});
