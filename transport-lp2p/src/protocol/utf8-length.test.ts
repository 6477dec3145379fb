import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8Length } from './utf8-length.ts';

const encoder = new TextEncoder();

describe('utf8Length', () => {
  it('counts what TextEncoder writes, including lone surrogates as U+FFFD', () => {
    for (const text of [
      '',
      'ascii',
      'é',
      '€',
      '😀',
      'a\u{10ffff}b',
      '\ud800',
      '\udc00',
      '\ud800a',
      'x\udbff',
      '\udc00\ud800',
      '\ud83d\ude00\ud83d',
      '\u007f\u0080\u07ff\u0800\uffff',
    ]) {
      assert.equal(utf8Length(text), encoder.encode(text).length, JSON.stringify(text));
    }
  });

  it('agrees with TextEncoder on random UTF-16, surrogates included', () => {
    for (let round = 0; round < 500; round++) {
      const units = Array.from({ length: round % 40 }, () => Math.floor(Math.random() * 0x10000));
      const text = String.fromCharCode(...units);
      assert.equal(utf8Length(text), encoder.encode(text).length);
    }
  });
});
