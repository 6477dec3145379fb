/**
 * Frames as other encoders write them: integers, lengths and type keys in more bytes than needed. RFC 8949
 * §4.1 makes preferred serialization a rule for encoders, not a gate for decoders, and RFC 9000 §16 lets a
 * varint use any of its lengths; so these decode, while every limit and every other strictness stays.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageDecodeError } from '../errors/index.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { MessageReader } from './message-reader.ts';
import type { OspMessage } from './messages.ts';
import { fromHex, assertRejects as rejects } from './testing/test-frames.ts';

const hexText = (text: string) => Buffer.from(text, 'utf8').toString('hex');

const cases: [string, string, OspMessage][] = [
  [
    'cbor-x style one-pair map (b9 00 01), request id in 8 bytes',
    '0a b9 0001 00 1b 0000000000000007',
    { type: 'agent-info-request', requestId: 7 },
  ],
  [
    'agent-info-response: 2-byte varint key, every head in a long form',
    `40 0b ba 00000002 19 0000 1a 00000009 18 01 b9 0005
       00 79 0004 ${hexText('Tab1')}
       01 7a 00000001 ${hexText('M')}
       02 99 0002 19 0001 19 044c
       03 78 02 ${hexText('ab')}
       04 98 01 78 05 ${hexText('en-GB')}`,
    {
      type: 'agent-info-response',
      requestId: 9,
      agentInfo: {
        displayName: 'Tab1',
        modelName: 'M',
        capabilities: [1, 1100],
        stateToken: 'ab',
        locales: ['en-GB'],
      },
    },
  ],
  [
    'auth-capabilities: 4-byte varint key, array length in 4 bytes',
    '80 0003e9 b8 03 00 18 64 01 9a 00000002 18 00 18 01 02 19 0014',
    { type: 'auth-capabilities', pskEaseOfInput: 100, pskInputMethods: [0, 1], pskMinBitsOfEntropy: 20 },
  ],
  [
    'auth-spake2-confirmation: byte-string length in 4 bytes',
    `43 eb a1 00 5a 00000040 ${'ab'.repeat(64)}`,
    { type: 'auth-spake2-confirmation', confirmationValue: new Uint8Array(64).fill(0xab) },
  ],
  [
    'agent-status-request: 8-byte varint key, text length in 8 bytes',
    `c0 00 00 00 00 00 00 0c a2 00 01 01 a1 00 7b 0000000000000004 ${hexText('idle')}`,
    { type: 'agent-status-request', requestId: 1, status: { status: 'idle' } },
  ],
  [
    'data-frame: map keys and encoding id in two bytes, payload length in 4',
    '18 b9 0002 18 00 18 02 18 04 5a 00000003 010203',
    { type: 'data-frame', encodingId: 2, payload: new Uint8Array([1, 2, 3]) },
  ],
];

test('non-preferred encodings of real messages decode to the same messages', () => {
  for (const [name, hex, expected] of cases) {
    const frame = fromHex(hex.replaceAll(/\s+/g, ''));
    assert.deepEqual(decodeMessage(frame), expected, name);
    // The stream reader agrees, whatever the chunking.
    const reader = new MessageReader();
    const got: OspMessage[] = [];
    for (const byte of frame) got.push(...reader.push(new Uint8Array([byte])));
    reader.end();
    assert.deepEqual(got, [expected], `${name}, byte by byte`);
  }
});

test('our own encoder keeps writing preferred serialization', () => {
  for (const [name, hex, message] of cases) {
    const ours = encodeMessage(message);
    assert.ok(ours.length < fromHex(hex.replaceAll(/\s+/g, '')).length, name);
    assert.deepEqual(decodeMessage(ours), message);
  }
  assert.deepEqual(encodeMessage({ type: 'agent-info-request', requestId: 7 }), fromHex('0a a1 00 07'));
});

test('long forms change nothing else: duplicates, UTF-8, types, indefinite lengths and limits still fail', () => {
  rejects(fromHex('0a b9 0002 00 01 18 00 02'), 'malformed-cbor', /repeat map key/); // key 0 twice
  rejects(
    fromHex(`40 78 b9 0001 00 b9 0005 00 79 0001 ff 01 60 02 80 03 60 04 80`),
    'malformed-cbor',
    /UTF-8/,
  );
  rejects(fromHex('0a a1 00 fb 3ff0000000000000'), 'invalid-message'); // a float for a uint
  rejects(fromHex('0a bf 00 01 ff'), 'indefinite-length');
  rejects(fromHex('0a a1 00 5b 00000000ffffffff'), 'frame-too-large'); // a 4 GiB string, announced in 8 bytes
  rejects(fromHex('0a bb 00000000ffffffff'), 'frame-too-large'); // a map of 2^32 pairs
  rejects(fromHex(`0a a1 00 ${'98 01 '.repeat(9)} 00`), 'too-deep');
  const reader = new MessageReader({ maxDataFrameBytes: 1000 });
  assert.throws(
    () => reader.push(fromHex('18 a2 00 02 04 5b 0000000000001000')),
    (error: unknown) => error instanceof MessageDecodeError && error.code === 'frame-too-large',
  );
});
