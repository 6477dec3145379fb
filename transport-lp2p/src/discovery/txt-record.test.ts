import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateAuthToken, isAuthToken } from './auth-token.ts';
import { decodeOspTxt, encodeOspTxt } from './txt-record.ts';

const fingerprint = Buffer.alloc(32, 7).toString('base64');
const strings = (...items: string[]) => items.map((item) => Buffer.from(item));

test('encode then decode keeps every field', () => {
  const fields = { fingerprint, metadataVersion: 42, authToken: 'abcDEF012+/x', tcpPort: 4433 };
  const parsed = decodeOspTxt(encodeOspTxt(fields));
  assert.deepEqual(
    { ...parsed, txt: { ...parsed?.txt } },
    {
      ...fields,
      txt: { fp: fingerprint, mv: '42', at: 'abcDEF012+/x', tcp: '4433' },
    },
  );
});

test('tcp is omitted when the agent offers only QUIC', () => {
  const encoded = encodeOspTxt({ fingerprint, metadataVersion: 1, authToken: 'abcdefgh' });
  assert.deepEqual(encoded.map(String), [`fp=${fingerprint}`, 'mv=1', 'at=abcdefgh']);
  assert.equal(decodeOspTxt(encoded)?.tcpPort, undefined);
});

test('a bad fp, mv or at makes the whole record invalid', () => {
  const good = [`fp=${fingerprint}`, 'mv=3', 'at=abcdefgh'];
  assert.ok(decodeOspTxt(strings(...good)));
  const bad: [number, string][] = [
    [0, 'fp=short'],
    [0, `fp=${fingerprint.slice(0, -1)}!`],
    [1, 'mv=-1'],
    [1, 'mv=1.5'],
    [1, 'mv=99999999999999999'],
    [1, 'mv='],
    [2, 'at=abc'],
    [2, 'at=has space'],
    [2, 'at=été123'],
  ];
  for (const [index, replacement] of bad) {
    const entries = [...good];
    entries[index] = replacement;
    assert.equal(decodeOspTxt(strings(...entries)), undefined, replacement);
  }
  for (const missing of [0, 1, 2]) {
    assert.equal(decodeOspTxt(strings(...good.filter((_, i) => i !== missing))), undefined);
  }
});

test('keys are case-insensitive and only the first copy counts (RFC 6763 §6.4)', () => {
  const parsed = decodeOspTxt(strings(`FP=${fingerprint}`, 'mv=3', 'mv=9', 'at=abcdefgh', 'flag', 'x=a=b'));
  assert.equal(parsed?.fingerprint, fingerprint);
  assert.equal(parsed?.metadataVersion, 3);
  assert.equal(parsed?.txt.flag, '');
  assert.equal(parsed?.txt.x, 'a=b');
});

test('a malformed tcp is ignored, not fatal', () => {
  for (const tcp of ['tcp=0', 'tcp=65536', 'tcp=abc', 'tcp=']) {
    const parsed = decodeOspTxt(strings(`fp=${fingerprint}`, 'mv=1', 'at=abcdefgh', tcp));
    assert.ok(parsed, tcp);
    assert.equal(parsed.tcpPort, undefined, tcp);
  }
});

test('junk input never throws', () => {
  const junk: unknown[][] = [
    [],
    ['not a buffer', 5, null],
    Array(100).fill(Buffer.from('a=b')),
    [Buffer.alloc(0)],
  ];
  for (let i = 0; i < 200; i += 1) junk.push([Buffer.from(Array.from({ length: 40 }, () => (i * 37) % 256))]);
  for (const entries of junk) assert.equal(decodeOspTxt(entries), undefined);
});

test('generated auth tokens are valid, long enough and distinct', () => {
  const tokens = new Set(Array.from({ length: 100 }, generateAuthToken));
  assert.equal(tokens.size, 100);
  for (const token of tokens) {
    assert.ok(isAuthToken(token), token);
    assert.ok(token.length * 6 >= 32);
  }
});

test('a "__proto__" key from the network stays a plain own property', () => {
  const parsed = decodeOspTxt(strings(`fp=${fingerprint}`, 'mv=1', 'at=abcdefgh', '__proto__=x'));
  assert.equal(Object.getPrototypeOf(parsed?.txt), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(parsed?.txt, '__proto__')?.value, 'x');
  assert.ok(Object.isFrozen(parsed?.txt));
});

test('q2q carries the WebTransport listener port; a malformed one is ignored', () => {
  const fields = {
    fingerprint,
    metadataVersion: 3,
    authToken: 'abcDEF012+/x',
    tcpPort: 4433,
    q2qPort: 50123,
  };
  const decoded = decodeOspTxt(encodeOspTxt(fields));
  assert.equal(decoded?.q2qPort, 50123);
  assert.equal(decoded?.tcpPort, 4433);
  for (const q2q of ['q2q=0', 'q2q=70000', 'q2q=x']) {
    const parsed = decodeOspTxt(strings(`fp=${fingerprint}`, 'mv=1', 'at=abcdefgh', q2q));
    assert.ok(parsed, q2q);
    assert.equal(parsed.q2qPort, undefined, q2q);
  }
});
