import assert from 'node:assert/strict';
import { it } from 'node:test';
import { encode } from 'cborg';
import { BridgeError } from '../errors/index.ts';
import {
  CHUNK_BYTES,
  decodeAgentMessage,
  decodePageMessage,
  encodeBridgeMessage,
  MAX_FRAME_BYTES,
} from './bridge-protocol.ts';
import { MessageAssembler } from './message-assembler.ts';

const malformed = (frame: Uint8Array) =>
  assert.throws(
    () => decodePageMessage(frame),
    (error) => error instanceof BridgeError && error.code === 'malformed-frame',
  );

it('round-trips page and agent messages: payload chunks as binary frames, the rest as CBOR', () => {
  const send = { t: 'ch.send', ch: 3, d: new Uint8Array([1, 2, 3]), text: false, more: true } as const;
  const frame = encodeBridgeMessage(send);
  assert.deepEqual([...frame], [0x01, 0x02, 0, 0, 0, 3, 1, 2, 3]);
  const decoded = decodePageMessage(frame) as typeof send;
  assert.deepEqual({ ...decoded, d: [...decoded.d] }, { ...send, d: [1, 2, 3] });
  // The same chunk from the agent is a channel's message; ids above 2^30 (the agent's) fit.
  const message = {
    t: 'ch.message',
    ch: 2 ** 30 + 5,
    d: new Uint8Array(0),
    text: true,
    more: false,
  } as const;
  assert.deepEqual(decodeAgentMessage(encodeBridgeMessage(message)), message);
  const data = { t: 'st.data', st: 9, d: new Uint8Array([7]), fin: true } as const;
  assert.deepEqual(decodeAgentMessage(encodeBridgeMessage(data)), data);
  assert.deepEqual(decodePageMessage(encodeBridgeMessage(data)), data);
  const reply = { t: 'reply', rid: 1, conn: -1, code: 'not-allowed', message: 'no' } as const;
  assert.deepEqual(decodeAgentMessage(encodeBridgeMessage(reply)), reply);
  // A binary frame's payload is a view of the frame: no copy on the way in.
  const received = decodePageMessage(frame) as { d: Uint8Array };
  assert.equal(received.d.buffer, frame.buffer);
});

it('refuses malformed binary data frames, and payload chunks dressed as CBOR', () => {
  malformed(new Uint8Array([0x01, 0x00, 0, 0, 0]));
  malformed(new Uint8Array([0x01, 0x04, 0, 0, 0, 1]));
  malformed(new Uint8Array([0x02, 0x01, 0, 0, 0, 1]));
  malformed(new Uint8Array([0x01, 0x00, 0, 0, 0, 1, ...new Uint8Array(CHUNK_BYTES + 1)]));
  malformed(encode({ t: 'ch.send', ch: 1, d: new Uint8Array(1), text: false, more: false }));
  malformed(encode({ t: 'st.data', st: 1, d: new Uint8Array(1), fin: false }));
});

it('refuses frames off the schema with a typed error, never a crash', () => {
  malformed(new Uint8Array([0xff, 0x00]));
  malformed(encode([1, 2, 3]));
  malformed(encode({ t: 'nope' }));
  malformed(encode({ t: 'hello' }));
  malformed(encode({ t: 'hello', token: 7 }));
  malformed(encode({ t: 'hello', token: 'x', extra: 1 }));
  malformed(encode({ t: 'receiver', rid: 1.5, nickname: 'x' }));
  malformed(encode({ t: 'receiver', rid: -2, nickname: 'x' }));
  malformed(encode({ t: 'ch.send', ch: 1, d: new Uint8Array(CHUNK_BYTES + 1), text: false, more: false }));
  malformed(new Uint8Array(MAX_FRAME_BYTES + 1));
  // A page may not send what only the agent sends.
  malformed(encodeBridgeMessage({ t: 'welcome' }));
  // Deep nesting is a typed error too (the decoder's own limits or the stack, caught).
  malformed(new Uint8Array([...new Array(100_000).fill(0x81), 0x00]));
});

it('joins chunks into one message and bounds what it joins', () => {
  const assembler = new MessageAssembler();
  assert.equal(assembler.add(new Uint8Array([104, 105]), true, true, 'arraybuffer'), undefined);
  assert.equal(assembler.add(new Uint8Array([33]), true, false, 'arraybuffer'), 'hi!');
  const whole = assembler.add(new Uint8Array([1, 2]), false, false, 'arraybuffer') as ArrayBuffer;
  assert.deepEqual([...new Uint8Array(whole)], [1, 2]);
  assembler.add(new Uint8Array([1]), false, true, 'arraybuffer');
  assert.throws(
    () => assembler.add(new Uint8Array([1]), true, false, 'arraybuffer'),
    (error) => error instanceof BridgeError && error.code === 'malformed-frame',
  );
});
