import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conflictRename, toInstanceLabel } from './instance-label.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

test('a short display name is its own instance name', () => {
  assert.equal(toInstanceLabel('Living Room TV'), 'Living Room TV');
  assert.equal(toInstanceLabel('x'.repeat(63)), 'x'.repeat(63));
});

test('a long name is cut to a prefix ended by \\000 within 63 octets', () => {
  const label = toInstanceLabel('x'.repeat(70));
  assert.equal(label, `${'x'.repeat(62)}\u0000`);
  const emoji = toInstanceLabel('😀'.repeat(20));
  assert.ok(bytes(emoji) <= 63);
  assert.equal(emoji, `${'😀'.repeat(15)}\u0000`);
});

test('a name with a dot is cut before the dot and marked truncated', () => {
  assert.equal(toInstanceLabel('Dr. Who'), 'Dr\u0000');
  assert.equal(toInstanceLabel('.hidden'), '\u0000');
  assert.equal(toInstanceLabel(`${'y'.repeat(70)}.z`), `${'y'.repeat(62)}\u0000`);
});

test('conflict renames append a counter and stay one label', () => {
  assert.equal(conflictRename('Kitchen', 2), 'Kitchen (2)');
  assert.equal(conflictRename('Dr\u0000', 3), 'Dr (3)');
  const long = conflictRename(`${'é'.repeat(31)}\u0000`, 12);
  assert.ok(bytes(long) <= 63);
  assert.ok(long.endsWith(' (12)'));
});
