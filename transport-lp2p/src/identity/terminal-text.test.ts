import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalSafe, terminalSafeJson } from './terminal-text.ts';

const hostile = [
  'Victim\x1b[31m red \x1b[0m',
  'Title\x1b]0;pwned\x07',
  'CSI\u009b2J',
  'bell\x07 tab\t nl\n cr\r del\x7f nul\0',
  'bidi \u202egnp.exe\u202c \u2066iso\u2069 \u200f',
  'zero\u200bwidth\ufeff\u00ad',
  'sep\u2028line\u2029para',
  'lone \ud800 surrogate',
];

test('no control, format or separator character survives terminalSafe', () => {
  for (const name of hostile) {
    const shown = terminalSafe(name);
    assert.doesNotMatch(shown, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u, JSON.stringify(shown));
  }
  assert.equal(terminalSafe('Victim\x1b[31m'), 'Victim\\x1b[31m');
  assert.equal(terminalSafe('Title\x1b]0;pwned\x07'), 'Title\\x1b]0;pwned\\x07');
  assert.equal(terminalSafe('a\u202eb'), 'a\\u{202e}b');
  assert.equal(terminalSafe('a\u009bb'), 'a\\x9bb');
});

test('ordinary names are unchanged, and an escape cannot be forged with a backslash', () => {
  for (const name of ['Living Room TV', 'Küche', '客厅', 'Ana’s phone (2)', 'Dev 👩‍💻', 'flag 🏳️‍🌈']) {
    assert.equal(terminalSafe(name), name);
  }
  assert.equal(terminalSafe('a\\x1bb'), 'a\\\\x1bb');
  assert.notEqual(terminalSafe('a\\x1bb'), terminalSafe('a\x1bb'));
  // A joiner outside an emoji sequence is invisible padding: shown.
  assert.equal(terminalSafe('Vic\u200dtim'), 'Vic\\u{200d}tim');
});

test('terminalSafeJson is the same JSON value with every terminal-active character escaped', () => {
  for (const name of hostile) {
    const value = { name, list: [name] };
    const text = terminalSafeJson(value);
    assert.doesNotMatch(text, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u, text);
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
  }
  assert.equal(terminalSafeJson({ n: 'a\u202eb' }), '{"n":"a\\u202eb"}');
});
