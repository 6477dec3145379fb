import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageDecodeError, MessageEncodeError } from '../errors/index.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import type { OspMessage } from './messages.ts';
import { sampleMessages } from './testing/sample-messages.ts';
import { fromHex, assertRejects as rejects } from './testing/test-frames.ts';
import { encodeVarint } from './varint.ts';

test('every sample message round-trips, optional fields present and absent', () => {
  for (const message of sampleMessages()) {
    assert.deepEqual(decodeMessage(encodeMessage(message)), message, message.type);
  }
});

test('wire format: varint type key then the CBOR map (osp-network §messages)', () => {
  assert.deepEqual(encodeMessage({ type: 'agent-info-request', requestId: 1 }), fromHex('0a a1 00 01'));
  assert.deepEqual(encodeMessage({ type: 'auth-status', result: 3 }), fromHex('43ec a1 00 03'));
  assert.deepEqual(
    encodeMessage({ type: 'data-frame', encodingId: 1, payload: new Uint8Array([0xaa]) }),
    fromHex('18 a2 00 01 04 41 aa'),
  );
  assert.deepEqual(
    encodeMessage({ type: 'data-channel-open-response', requestId: 300, result: 1 }),
    fromHex('444e a2 00 19 012c 01 01'),
  );
});

test('agent capabilities accept unknown extension IDs (osp-application §protocol-extensions)', () => {
  const message: OspMessage = {
    type: 'agent-info-event',
    agentInfo: { displayName: '', modelName: '', capabilities: [999_999], stateToken: '', locales: [] },
  };
  assert.deepEqual(decodeMessage(encodeMessage(message)), message);
});

test('strict CBOR where it matters: duplicate keys, undefined, tags and bad UTF-8 are rejected', () => {
  rejects(fromHex('0a a2 00 01 00 02'), 'malformed-cbor', /repeat map key/);
  rejects(fromHex('0a a1 00 f7'), 'malformed-cbor');
  rejects(fromHex('0a a1 00 c1 01'), 'malformed-cbor', /tag/);
  rejects(fromHex('0a a1 00 f8 10'), 'malformed-cbor'); // two-byte simple value below 32
  rejects(fromHex('0a a1 00 1c'), 'malformed-cbor', /reserved/);
  rejects(fromHex('4078 a1 00 a5 00 61 ff 01 60 02 80 03 60 04 80'), 'malformed-cbor', /UTF-8/);
});

test('framing errors: truncation, trailing bytes, unknown type keys', () => {
  const whole = encodeMessage({ type: 'agent-info-request', requestId: 1000 });
  for (let cut = 0; cut < whole.length; cut++) rejects(whole.subarray(0, cut), 'truncated');
  rejects(fromHex('43'), 'truncated'); // a two-byte varint cut short
  rejects(new Uint8Array([...whole, 0]), 'invalid-message', /1 bytes follow/);
  for (const key of [0, 1, 25, 1000, 1002, 1103, 16_383, 2 ** 40]) {
    try {
      decodeMessage(new Uint8Array([...encodeVarint(key), 0xa0]));
      assert.fail('expected an error');
    } catch (caught) {
      assert.ok(caught instanceof MessageDecodeError);
      assert.equal(caught.code, 'unknown-type-key');
      assert.equal(caught.typeKey, key);
      assert.match(caught.message, new RegExp(`\\b${key}\\b`));
    }
  }
  // An 8-byte key beyond 2^53 is still read whole and named (it was "undefined" once).
  try {
    decodeMessage(fromHex('ffffffffffffffff a0'));
    assert.fail('expected an error');
  } catch (caught) {
    assert.ok(caught instanceof MessageDecodeError && caught.code === 'unknown-type-key');
    assert.equal(caught.typeKey, 2n ** 62n - 1n);
    assert.match(caught.message, /unknown message type key 4611686018427387903$/);
  }
});

test('encoding a message that does not fit its schema throws MessageEncodeError', () => {
  const bad: unknown[] = [
    { type: 'agent-info-request' },
    { type: 'agent-info-request', requestId: -1 },
    { type: 'agent-info-request', requestId: 1.5 },
    { type: 'auth-status', result: 9 },
    { type: 'auth-spake2-confirmation', confirmationValue: new Uint8Array(3) },
    { type: 'data-frame', encodingId: 0, payload: 'text' },
    { type: 'agent-info-event', agentInfo: null },
    {
      type: 'agent-info-event',
      agentInfo: { displayName: 'a', modelName: 'b', capabilities: 'x', stateToken: '', locales: [] },
    },
    { type: 'no-such-message' },
  ];
  for (const message of bad) {
    assert.throws(() => encodeMessage(message as OspMessage), MessageEncodeError, JSON.stringify(message));
  }
});

test('decoded byte fields do not alias the frame', () => {
  const frame = encodeMessage({ type: 'data-frame', encodingId: 2, payload: new Uint8Array([1, 2, 3]) });
  const message = decodeMessage(frame);
  frame.fill(0);
  assert.ok(message.type === 'data-frame');
  assert.deepEqual([...message.payload], [1, 2, 3]);
});
